public import Common
public import Foundation
import Swarm

/// A `.torrent` the node made for a file: its bytes and what names it.
public struct MadeTorrent: Sendable {
    /// The bencoded `.torrent`.
    public let data: Data
    /// The file name inside the torrent.
    public let name: String
    public let infoHashV1: String?
    public let infoHashV2: String?
    public let pieceSize: Int
    let created: CreatedTorrent

    init(_ created: CreatedTorrent) {
        data = created.data
        name = created.name
        infoHashV1 = created.infoHashes.v1
        infoHashV2 = created.infoHashes.v2
        pieceSize = created.pieceSize
        self.created = created
    }

    /// A magnet link for it, with `x.pe=` for each of `peers`.
    public func magnet(peers: [String] = []) -> String { created.magnet(peers: peers) }
}

/// The deterministic torrents of `torrent create`, `seed` and `manifest build`: the info-hash
/// depends only on the file's name and bytes, the piece size and the mode.
public enum TorrentMaker {
    /// The modes a torrent can be made in: `v1` (the default), `hybrid` (v1+v2), `v2`.
    public static let modes = TorrentMode.allCases.map(\.rawValue)
    /// The default mode.
    public static let defaultMode = TorrentMode.default.rawValue

    /// A power of two between 16 KiB and 1 GiB.
    public static func isValidPieceSize(_ size: Int) -> Bool { PieceSize.isValid(size) }

    /// The piece size every node picks for a file of `size` bytes.
    public static func defaultPieceSize(forFileSize size: Int64) -> Int { PieceSize.default(forFileSize: size) }

    /// Hashes `file` into a torrent (`pieceSize` nil: by its size; `mode` one of ``modes``).
    /// - Throws: ``RequestError``: `invalidInput` for a bad mode, piece size, a directory or an
    ///   empty file; `failure` when the file cannot be read.
    public static func make(
        file: String, pieceSize: Int? = nil, mode: String = defaultMode, trackers: [String] = []
    ) throws(RequestError) -> MadeTorrent {
        guard let mode = TorrentMode(rawValue: mode) else {
            throw RequestError(.invalidInput, "mode '\(mode)' is not one of \(modes.joined(separator: ", "))")
        }
        let size = try fileSize(file)
        do {
            return MadeTorrent(
                try TorrentCreator.create(
                    file: file, pieceSize: pieceSize ?? PieceSize.default(forFileSize: size), mode: mode,
                    trackers: trackers))
        } catch {
            throw RequestError(error.code == .io ? .failure : .invalidInput, error.message)
        }
    }

    /// The size of the regular file at `path`; `invalidInput` when it is unreadable or not one.
    public static func fileSize(_ path: String) throws(RequestError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw RequestError(.invalidInput, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw RequestError(.invalidInput, "\(path) is not a regular file")
        }
        return Int64(info.st_size)
    }
}
