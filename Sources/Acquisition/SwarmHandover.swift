import Foundation
public import Swarm
import Synchronization

/// Finished swarm downloads that go on seeding after their file is placed.
///
/// A node that leaves the swarm the moment it completes takes the last pieces away from the peers
/// that still need them (a late joiner, the slowest node), and they would go to the origin for
/// them. So a finished torrent stays in the session while a connected peer still lacks pieces, for
/// at most ``handover``; but the image is placed at once: its layout path is a hard link to the
/// file the torrent reads (`incomplete/NAME.part.swarm/<name>`), recorded and seeded from then on.
/// When the handover ends the torrent is removed (its resume data forgotten), the download
/// directory deleted, and ``onReleased`` called, so that the seeding service adds the placed
/// copy's torrent (the session refuses a second torrent with the same info-hash meanwhile).
///
/// A download directory left by a process that died during a handover holds a file with more
/// than one link (the placed image); ``removeLeftovers(in:)`` deletes those at the next start.
public final class SwarmHandover: Sendable {
    /// The longest a finished torrent seeds after placement. Default 10 s.
    public let handover: Duration
    private let state = Mutex(State())

    private struct State {
        /// Running handovers by download directory.
        var running: [String: Task<Void, Never>] = [:]
        /// Directories whose image was placed: deleted when their handover ends.
        var discardWhenDone: Set<String> = []
        var onReleased: (@Sendable () async -> Void)?
    }

    public init(handover: Duration = .seconds(10)) {
        self.handover = handover
    }

    /// Called after each handover ends (the torrent removed), e.g. to seed the placed copy.
    public func setOnReleased(_ action: @escaping @Sendable () async -> Void) {
        state.withLock { $0.onReleased = action }
    }

    /// Keeps `torrent` seeding while a connected peer lacks pieces, at most ``handover``; then
    /// removes it from `session` and, once ``discard(directory:)`` was asked, deletes `directory`.
    func begin(_ torrent: TorrentID, infoHashes: InfoHashes?, directory: String, session: SwarmSession) {
        let handover = handover
        // Created under the lock: the task's own `end` waits for it, so it cannot end first.
        state.withLock { state in
            state.running[directory] = Task {
                let deadline = ContinuousClock.now + handover
                while ContinuousClock.now < deadline {
                    guard let status = try? await session.status(of: torrent), status.peers > status.seeds,
                        (try? await Task.sleep(for: .milliseconds(100))) != nil
                    else { break }
                }
                try? await session.remove(torrent)
                if let infoHashes { session.resumeStore?.remove(for: infoHashes) }
                self.end(directory: directory)
            }
        }
    }

    /// Deletes a placed download's `directory` now, or when its handover ends.
    public func discard(directory: String) {
        let now = state.withLock { state in
            guard state.running[directory] != nil else { return true }
            state.discardWhenDone.insert(directory)
            return false
        }
        if now { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Waits for every running handover to end (a foreground run, before its session closes).
    public func waitForAll() async {
        while let task = state.withLock({ $0.running.values.first }) { await task.value }
    }

    private func end(directory: String) {
        let (discard, released) = state.withLock { state in
            state.running[directory] = nil
            return (state.discardWhenDone.remove(directory) != nil, state.onReleased)
        }
        if discard { try? FileManager.default.removeItem(atPath: directory) }
        if let released { Task { await released() } }
    }

    /// Deletes the download directories (`*.swarm`) in `incompleteDirectory` that hold a file with
    /// more than one link: a handover a stopped process did not finish (a partial download never
    /// has a second link). Returns the directories deleted.
    @discardableResult
    public static func removeLeftovers(in incompleteDirectory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: incompleteDirectory)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasSuffix(".swarm") {
            let directory = incompleteDirectory + "/" + name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let linked = files.contains { file in
                var info = stat()
                return lstat(directory + "/" + file, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
                    && info.st_nlink > 1
            }
            if linked, (try? FileManager.default.removeItem(atPath: directory)) != nil { removed.append(directory) }
        }
        return removed
    }
}
