import Synchronization

/// A ``ProgressLine`` that transfer threads may update (the remote import's copies report from
/// the fetcher's threads).
final class SharedProgressLine: Sendable {
    private let line = Mutex(ProgressLine())

    /// ``ProgressLine/update(_:)``.
    func update(_ text: String) { line.withLock { $0.update(text) } }

    /// ``ProgressLine/finish()``.
    func finish() { line.withLock { $0.finish() } }
}
