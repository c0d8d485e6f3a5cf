/// `GET /api/v1/storage`: every mirror of `storage.mirrors` and where it stands.
public struct StorageJSON: Codable, Sendable, Equatable {
    public var mirrors: [MirrorJSON]

    public init(mirrors: [MirrorJSON]) {
        self.mirrors = mirrors
    }
}
