public import Foundation
public import Swarm

/// The deterministic `.torrent` of every seeded image, kept in `DATA_DIR/torrents/seeding/` under
/// the image's SHA-256 so that a restarted daemon does not hash its images again.
///
/// The torrent is the one `isofleet torrent create` makes: the swarm's default piece size for the
/// file size, the default mode (``TorrentMode/default``), no trackers — so every node holding the same file under the same
/// name builds the same info-hash. A cached file is used only when it parses and names the same
/// file name and size in the default mode; anything else (a hybrid torrent cached before v1
/// became the default) is rebuilt.
///
/// Beside it, the **source torrent** of an image the swarm fetched: the manifest's `.torrent`
/// (another piece size, a third party's), kept as `<sha256>.source.torrent` so that the placed
/// copy seeds that swarm too, and a node joining the fleet later finds seeders there.
public struct TorrentCache: Sendable {
    /// Where the `.torrent` files are kept.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Where the torrent of the image with `sha256` is kept.
    public func path(sha256: String) -> String { directory + "/" + sha256 + ".torrent" }

    /// The cached torrent for an image, when it is there and matches `fileName` and `size`.
    public func cached(sha256: String, fileName: String, size: Int64) -> (data: Data, hashes: InfoHashes)? {
        guard let data = FileManager.default.contents(atPath: path(sha256: sha256)),
            let metadata = try? TorrentMetadata(torrentFile: data),
            metadata.name == fileName, metadata.totalSize == size, metadata.infoHashes.mode == .default
        else { return nil }
        return (data, metadata.infoHashes)
    }

    /// Where the source torrent of the image with `sha256` is kept.
    public func sourcePath(sha256: String) -> String { directory + "/" + sha256 + ".source.torrent" }

    /// Keeps `data`, the torrent the swarm fetched the image with `sha256` with.
    /// - Throws: `.io` naming the file when it cannot be written.
    public func storeSource(_ data: Data, sha256: String) throws(SwarmError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: sourcePath(sha256: sha256)), options: .atomic)
        } catch {
            throw SwarmError(.io, "cannot write \(sourcePath(sha256: sha256)): \(error.localizedDescription)")
        }
    }

    /// The source torrent of an image, when there is one naming `fileName` and `size` (one file,
    /// so that it describes the placed copy byte for byte).
    public func source(sha256: String, fileName: String, size: Int64) -> (data: Data, hashes: InfoHashes)? {
        guard let data = FileManager.default.contents(atPath: sourcePath(sha256: sha256)),
            let metadata = try? TorrentMetadata(torrentFile: data),
            metadata.name == fileName, metadata.totalSize == size
        else { return nil }
        return (data, metadata.infoHashes)
    }

    /// Hashes the file at `absolutePath` (blocking), stores the torrent and returns it.
    /// - Throws: ``SwarmError`` when the file cannot be read; `.io` when the cache cannot be written.
    public func create(absolutePath: String, sha256: String, size: Int64) throws(SwarmError) -> CreatedTorrent {
        let torrent = try TorrentCreator.create(
            file: absolutePath, pieceSize: PieceSize.default(forFileSize: size), mode: .default)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try torrent.data.write(to: URL(fileURLWithPath: path(sha256: sha256)), options: .atomic)
        } catch {
            throw SwarmError(.io, "cannot write \(path(sha256: sha256)): \(error.localizedDescription)")
        }
        return torrent
    }
}
