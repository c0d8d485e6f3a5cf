/// Where an acquirer gets bytes from, as progress events and reports name it.
public enum AcquisitionKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The fleet's BitTorrent swarm (torrent, magnet or info-hash).
    case swarm
    /// The origin's HTTP(S) mirrors.
    case http
    /// Remote storage: S3 buckets, SMB shares, NFS exports, mounted shares (`file://`).
    case storage
}
