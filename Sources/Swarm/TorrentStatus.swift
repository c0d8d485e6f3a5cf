internal import CTorrentShim

/// A snapshot of one torrent, taken by ``SwarmSession/status(of:)``.
public struct TorrentStatus: Sendable, Hashable {
    public let state: TorrentState
    public let isPaused: Bool
    public let hasMetadata: Bool
    public let isSeeding: Bool
    /// 0…1 of the wanted bytes.
    public let progress: Double
    /// Bytes of all files; 0 without metadata.
    public let totalSize: Int64
    /// Verified bytes on disk.
    public let totalDone: Int64
    public let totalWanted: Int64
    public let pieceSize: Int
    public let pieceCount: Int
    public let piecesDone: Int
    /// Bytes moved since the torrent was added to this session: all traffic, then payload only.
    public let totalDownload: Int64
    public let totalUpload: Int64
    public let payloadDownloaded: Int64
    public let payloadUploaded: Int64
    /// Payload bytes over every session (carried by resume data).
    public let allTimeDownload: Int64
    public let allTimeUpload: Int64
    /// Bytes per second.
    public let downloadRate: Int
    public let uploadRate: Int
    public let payloadDownloadRate: Int
    public let payloadUploadRate: Int
    /// Connected peers (seeds included), connected seeds, open connections.
    public let peers: Int
    public let seeds: Int
    public let connections: Int
    public let infoHashes: InfoHashes?
    public let name: String
    /// Why the torrent stopped, when it stopped on an error.
    public let error: String?

    init(_ s: ift_torrent_status) {
        state = TorrentState(s.state)
        isPaused = s.paused != 0
        hasMetadata = s.has_metadata != 0
        isSeeding = s.is_seeding != 0
        progress = Double(s.progress_ppm) / 1_000_000
        totalSize = s.total_size
        totalDone = s.total_done
        totalWanted = s.total_wanted
        pieceSize = Int(s.piece_size)
        pieceCount = Int(s.num_pieces)
        piecesDone = Int(s.pieces_done)
        totalDownload = s.total_download
        totalUpload = s.total_upload
        payloadDownloaded = s.total_payload_download
        payloadUploaded = s.total_payload_upload
        allTimeDownload = s.all_time_download
        allTimeUpload = s.all_time_upload
        downloadRate = Int(s.download_rate)
        uploadRate = Int(s.upload_rate)
        payloadDownloadRate = Int(s.download_payload_rate)
        payloadUploadRate = Int(s.upload_payload_rate)
        peers = Int(s.num_peers)
        seeds = Int(s.num_seeds)
        connections = Int(s.num_connections)
        infoHashes = s.info_hashes.has_v1 != 0 || s.info_hashes.has_v2 != 0 ? InfoHashes(s.info_hashes) : nil
        name = CInterop.string(s.name)
        error = s.error_code != 0 ? CInterop.string(s.error_message) : nil
    }
}
