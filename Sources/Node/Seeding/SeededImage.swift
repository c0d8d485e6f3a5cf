public import Foundation
public import Swarm

/// One held image the daemon's swarm session seeds.
public struct SeededImage: Sendable {
    /// Path relative to the repository root.
    public var path: String
    /// The image's SHA-256 when the torrent was added (a changed one means a new torrent).
    public var sha256: String
    public var torrent: TorrentID
    public var infoHashes: InfoHashes
    /// The bencoded .torrent.
    public var torrentFile: Data
}
