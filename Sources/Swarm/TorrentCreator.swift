internal import CTorrentShim
import Foundation

/// Builds deterministic torrents: the same file name, bytes, piece size and mode give the same
/// info-hash on every node, whatever the file's mtime or permission bits.
public enum TorrentCreator {
    /// Hashes the file at `path` and returns its .torrent.
    ///
    /// - Parameters:
    ///   - pieceSize: bytes per piece, a power of two of at least 16 KiB (``PieceSize/default(forFileSize:)``).
    ///   - trackers: announce URLs to embed (they do not change the info-hash).
    ///   - progress: called on the calling thread after each piece with (pieces done, pieces total).
    /// - Throws: ``SwarmError`` `.io` naming the file when it cannot be read, `.invalidArgument`
    ///   for a bad piece size, a directory or an empty file.
    public static func create(
        file path: String, pieceSize: Int, mode: TorrentMode = .default, trackers: [String] = [],
        hashingThreads: Int = 2, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(SwarmError) -> CreatedTorrent {
        guard PieceSize.isValid(pieceSize) else {
            throw SwarmError(.invalidArgument, "piece size \(pieceSize) is not a power of two between 16 KiB and 1 GiB")
        }
        var params = ift_torrent_file_create_options()
        try SwarmError.checkInit(of: "ift_torrent_file_create_options") {
            ift_torrent_file_create_options_init(&params, UInt32(IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION))
        }
        params.piece_size = Int32(pieceSize)
        params.mode = mode.cValue
        params.hashing_threads = Int32(hashingThreads)
        var buffer = ift_buffer()
        var hashes = ift_info_hashes()
        let box = ProgressBox(progress)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        let callback: ift_progress_fn = { context, done, total in
            guard let context else { return }
            Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue().report(Int(done), Int(total))
        }
        try CStringArray.with(trackers) { (trackerPointers, count) throws(SwarmError) in
            params.trackers = trackerPointers
            params.tracker_count = count
            try SwarmError.check {
                ift_torrent_file_create(&buffer, &hashes, path, &params, callback, context.toOpaque(), $0)
            }
        }
        defer { ift_buffer_free(&buffer) }
        let data = Data(bytes: buffer.data, count: buffer.size)
        return CreatedTorrent(
            data: data, infoHashes: InfoHashes(hashes), pieceSize: pieceSize,
            name: URL(fileURLWithPath: path).lastPathComponent, trackers: trackers)
    }
}
