import Synchronization

/// True the first time ``take()`` is called, false ever after: "only at start" decisions made in
/// closures that run again and again.
final class FirstTime: Sendable {
    private let flag = Atomic<Bool>(true)

    /// Whether this is the first call.
    func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
