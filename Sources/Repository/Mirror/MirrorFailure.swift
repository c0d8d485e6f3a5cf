/// One image a sync could not put on (or remove from) a mirror, and why; retried next run.
public struct MirrorFailure: Sendable, Hashable {
    /// The layout path, relative to the mirror's root (or a record's name).
    public var path: String
    /// One line: what went wrong ("no space left on device", "landed with SHA-256 …").
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
