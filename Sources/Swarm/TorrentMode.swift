internal import CTorrentShim

/// Which info-hashes a created torrent carries.
public enum TorrentMode: String, Sendable, CaseIterable {
    /// v1 and v2. libtorrent 2 and qBittorrent 4.4+ use it; transmission 3.00, aria2 1.36 and
    /// rtorrent 0.9.8 do not (docs/swarm.md).
    case hybrid
    /// SHA-1 only: every common client can use it, and each piece is hashed once (the default;
    /// the manifest's whole-file SHA-256 gives the end-to-end integrity v2 would add).
    case v1
    /// SHA-256 only.
    case v2

    /// The mode of every torrent the node makes (`torrent create`, `seed`, `manifest build`, the
    /// torrents of held images): one default, so all of them name a file by the same info-hash.
    public static let `default` = TorrentMode.v1

    var cValue: Int32 {
        switch self {
        case .hybrid: Int32(IFT_MODE_HYBRID.rawValue)
        case .v1: Int32(IFT_MODE_V1.rawValue)
        case .v2: Int32(IFT_MODE_V2.rawValue)
        }
    }
}
