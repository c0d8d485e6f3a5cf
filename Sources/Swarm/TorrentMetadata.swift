internal import CTorrentShim
public import Foundation

/// What can be learned about a torrent without adding it to a session.
public struct TorrentMetadata: Sendable, Hashable {
    /// The torrent's identity.
    public let infoHashes: InfoHashes
    /// The file (or folder) name: from the .torrent, or the magnet's `dn=` hint; nil when unknown.
    public let name: String?
    /// Bytes of all files; nil without the metadata (magnets, bare info-hashes).
    public let totalSize: Int64?

    public init(infoHashes: InfoHashes, name: String?, totalSize: Int64?) {
        self.infoHashes = infoHashes
        self.name = name
        self.totalSize = totalSize
    }

    /// Parses .torrent bytes; fails with `.badTorrent` naming what is wrong.
    public init(torrentFile data: Data) throws(SwarmError) {
        var hashes = ift_info_hashes()
        var size: Int64 = 0
        var name = [CChar](repeating: 0, count: 1024)
        try SwarmError.rethrowing {
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                try SwarmError.check {
                    ift_torrent_file_inspect(&hashes, &size, &name, name.count, bytes.baseAddress, bytes.count, $0)
                }
            }
        }
        self.init(infoHashes: InfoHashes(hashes), name: CInterop.string(fromCArray: name), totalSize: size)
    }

    /// Parses a magnet URI; fails with `.badMagnet` naming what is wrong.
    public init(magnet uri: String) throws(SwarmError) {
        var hashes = ift_info_hashes()
        var name = [CChar](repeating: 0, count: 1024)
        try SwarmError.check { ift_magnet_inspect(&hashes, &name, name.count, uri, $0) }
        let displayName = CInterop.string(fromCArray: name)
        self.init(infoHashes: InfoHashes(hashes), name: displayName.isEmpty ? nil : displayName, totalSize: nil)
    }
}
