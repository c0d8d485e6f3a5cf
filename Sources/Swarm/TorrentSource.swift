public import Foundation

/// What a torrent is added from.
public enum TorrentSource: Sendable, Hashable {
    /// A magnet URI; `tr=` trackers, `x.pe=` peers and `ws=` web seeds are honoured.
    case magnet(String)
    /// The bytes of a .torrent file.
    case torrentFile(Data)
    /// An info-hash only: the metadata comes from peers.
    case infoHashes(InfoHashes)

    /// Parses the source without adding it: its info-hashes, and its name when known.
    public func inspect() throws(SwarmError) -> TorrentMetadata {
        switch self {
        case .magnet(let uri): try TorrentMetadata(magnet: uri)
        case .torrentFile(let data): try TorrentMetadata(torrentFile: data)
        case .infoHashes(let hashes): TorrentMetadata(infoHashes: hashes, name: nil, totalSize: nil)
        }
    }
}
