/// What the swarm does with one seeded image, for `/api/v1/images`, the page and `/metrics`.
public struct SeedingFigures: Sendable, Hashable, Codable {
    /// The torrent's info-hash (v1 when present, else v2).
    public var infoHash: String
    /// Payload bytes uploaded over every session (carried by resume data).
    public var uploadedBytes: Int64
    /// Payload bytes uploaded per second now.
    public var uploadRate: Int
    /// Connected peers.
    public var peers: Int

    enum CodingKeys: String, CodingKey {
        case infoHash = "info_hash"
        case uploadedBytes = "uploaded_bytes"
        case uploadRate = "upload_rate"
        case peers
    }

    public init(infoHash: String, uploadedBytes: Int64, uploadRate: Int, peers: Int) {
        self.infoHash = infoHash
        self.uploadedBytes = uploadedBytes
        self.uploadRate = uploadRate
        self.peers = peers
    }
}
