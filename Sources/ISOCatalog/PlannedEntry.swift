/// A held image the plan deletes or keeps, with the reason.
///
/// Encodes flat: `{"family", "name", "flavor", "version": {…}, "arch", "path", "reason"}`.
public struct PlannedEntry: Hashable, Sendable, Codable {
    public var identity: ImageIdentity
    public var path: String
    /// One human sentence: which rule decided.
    public var reason: String

    public init(identity: ImageIdentity, path: String, reason: String) {
        self.identity = identity
        self.path = path
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey { case path, reason }

    public init(from decoder: any Decoder) throws {
        identity = try FlatIdentity(from: decoder).identity
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        reason = try container.decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        try FlatIdentity(identity).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(reason, forKey: .reason)
    }
}
