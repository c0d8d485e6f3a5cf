internal import CTorrentShim

/// Which info-hashes a created torrent carries.
public enum TorrentMode: String, Sendable, CaseIterable {
    /// v1 and v2: every client can use it (the default).
    case hybrid
    /// SHA-1 only: the widest compatibility with old clients.
    case v1
    /// SHA-256 only.
    case v2

    var cValue: Int32 {
        switch self {
        case .hybrid: Int32(IFT_MODE_HYBRID.rawValue)
        case .v1: Int32(IFT_MODE_V1.rawValue)
        case .v2: Int32(IFT_MODE_V2.rawValue)
        }
    }
}
