/// One image a mirror's last sync could not put there (or remove), and why.
public struct MirrorFailureJSON: Codable, Sendable, Equatable {
    /// The layout path.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
