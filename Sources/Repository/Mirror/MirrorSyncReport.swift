public import Foundation

/// How one sync of one mirror ended.
public struct MirrorSyncReport: Sendable {
    /// The sync as a whole.
    public enum Outcome: Sendable, Hashable {
        /// The sync ran; ``MirrorSyncReport/failures`` lists what did not land.
        case synced
        /// Another node holds the mirror's lease: nothing was written.
        case leased(holder: String, until: Date)
        /// The mirror could not be synced at all (unreachable, refused, its records unreadable):
        /// one line saying why. Nothing was written, or the writes stopped there.
        case failed(String)
    }

    /// The mirror's URL, without credentials.
    public var mirror: String
    public var outcome: Outcome
    /// Images that did not land or could not be removed, with why.
    public var failures: [MirrorFailure] = []
    /// Paths uploaded and verified by this sync.
    public var uploaded: [String] = []
    /// Paths this sync removed from the mirror (superseded images it had put there).
    public var deleted: [String] = []
    /// What the mirror holds of the repository's images at the end, verified: path → SHA-256.
    public var holds: [String: String] = [:]
    /// Images of the repository the mirror still lacks at the end.
    public var missing: Int = 0
    /// Paths of held images without a known SHA-256, which are not mirrored.
    public var notMirrored: [String] = []

    public init(mirror: String, outcome: Outcome) {
        self.mirror = mirror
        self.outcome = outcome
    }

    /// True when the mirror holds exactly the repository's images and nothing failed.
    public var isInSync: Bool {
        if case .synced = outcome { return failures.isEmpty && missing == 0 }
        return false
    }

    /// One line for the log: `mirror X: leased by node Y until T, skipped`, `mirror X: in sync
    /// (N images; 2 uploaded, 1 deleted)`, `mirror X: 1 of 3 images failed: …`.
    public var summary: String {
        switch outcome {
        case .leased(let holder, let until):
            return "mirror \(mirror): leased by node \(holder) until \(until.formatted(.iso8601)), skipped"
        case .failed(let reason):
            return "mirror \(mirror): \(reason)"
        case .synced:
            let changes = "\(uploaded.count) uploaded, \(deleted.count) deleted"
            if failures.isEmpty && missing == 0 {
                return "mirror \(mirror): in sync (\(holds.count) image\(holds.count == 1 ? "" : "s"); \(changes))"
            }
            let detail = failures.prefix(3).map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
            return
                "mirror \(mirror): \(failures.count) failure\(failures.count == 1 ? "" : "s"), \(missing) image\(missing == 1 ? "" : "s") still to upload (\(changes)): \(detail)"
        }
    }
}
