public import Foundation

/// One mirror of `storage.mirrors` as `GET /api/v1/storage` and the page show it. The URL never
/// carries credentials.
public struct MirrorJSON: Codable, Sendable, Equatable {
    /// The mirror's URL, without credentials.
    public var url: String
    public var state: MirrorStateJSON
    /// Why the mirror is failing as a whole (unreachable, refused, a damaged record), or why the
    /// URL is unusable.
    public var reason: String?
    /// Images the repository holds that the mirror lacks (by the last sync's account).
    public var behind: Int
    /// Images the mirror holds, verified.
    public var held: Int
    /// When a sync last finished with the mirror holding every image, nothing failed.
    public var lastSync: Date?
    /// When a sync of this mirror last ended, however it ended.
    public var lastAttempt: Date?
    /// The node holding the mirror's lease when this one skipped it.
    public var leasedBy: String?
    public var leasedUntil: Date?
    /// The images the last sync could not put there or remove, with why.
    public var failures: [MirrorFailureJSON]
    /// While `state` is `syncing`.
    public var progress: MirrorProgressJSON?

    public init(
        url: String, state: MirrorStateJSON, reason: String? = nil, behind: Int = 0, held: Int = 0,
        lastSync: Date? = nil, lastAttempt: Date? = nil, leasedBy: String? = nil, leasedUntil: Date? = nil,
        failures: [MirrorFailureJSON] = [], progress: MirrorProgressJSON? = nil
    ) {
        self.url = url
        self.state = state
        self.reason = reason
        self.behind = behind
        self.held = held
        self.lastSync = lastSync
        self.lastAttempt = lastAttempt
        self.leasedBy = leasedBy
        self.leasedUntil = leasedUntil
        self.failures = failures
        self.progress = progress
    }

    enum CodingKeys: String, CodingKey {
        case url, state, reason, behind, held, failures, progress
        case lastSync = "last_sync"
        case lastAttempt = "last_attempt"
        case leasedBy = "leased_by"
        case leasedUntil = "leased_until"
    }
}
