/// The body of `POST /api/v1/add`: a magnet link, a `.torrent` URL or an image URL, and for an
/// image URL optionally its expected SHA-256.
public struct AddSourceRequest: Codable, Sendable {
    public var source: String
    public var sha256: String?

    public init(source: String, sha256: String?) {
        self.source = source
        self.sha256 = sha256
    }
}
