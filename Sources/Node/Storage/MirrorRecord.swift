public import Foundation
public import WireTypes

/// What the node remembers of one mirror between syncs and restarts (in ``MirrorRecords``): how
/// its last sync ended, what it holds, and the progress of the sync running now.
public struct MirrorRecord: Codable, Sendable, Equatable {
    /// The mirror's URL without credentials (`RemoteLocation.description`): the key.
    public var url: String
    /// How the last sync ended: `in_sync`, `failing` or `leased`; nil before the first.
    public var outcome: MirrorStateJSON?
    public var reason: String?
    /// What the mirror holds of the repository's images, verified: path → SHA-256.
    public var holds: [String: String] = [:]
    public var failures: [MirrorFailureJSON] = []
    public var lastSync: Date?
    public var lastAttempt: Date?
    public var leasedBy: String?
    public var leasedUntil: Date?
    /// Set while a sync runs.
    public var progress: MirrorProgressJSON?

    public init(url: String) {
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case url, outcome, reason, holds, failures, progress
        case lastSync = "last_sync"
        case lastAttempt = "last_attempt"
        case leasedBy = "leased_by"
        case leasedUntil = "leased_until"
    }
}
