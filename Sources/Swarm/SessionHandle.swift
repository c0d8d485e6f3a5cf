internal import CTorrentShim
import Foundation

/// The shim's session pointer with Swift-typed calls. Owned by one ``SwarmSession``.
final class SessionHandle: @unchecked Sendable {
    // @unchecked: the pointer is only used through shim functions, which the header documents as
    // safe to call from any thread concurrently; the one exception, `ift_session_destroy`, is called
    // once by `destroy(deadline:)` after the event pump has stopped, and nothing uses the handle after.
    let pointer: OpaquePointer

    /// Creates and starts a session; `.listen` when it cannot listen where asked.
    init(settings: SwarmSettings) throws(SwarmError) {
        var c = ift_session_create_options()
        try SwarmError.checkInit(of: "ift_session_create_options") {
            ift_session_create_options_init(&c, UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION))
        }
        c.enable_utp = settings.enableUTP ? 1 : 0
        c.enable_dht = settings.enableDHT ? 1 : 0
        c.enable_lsd = settings.enableLSD ? 1 : 0
        c.enable_upnp = settings.enableUPnP ? 1 : 0
        c.enable_natpmp = settings.enableNATPMP ? 1 : 0
        c.allow_multiple_connections_per_ip = settings.allowMultipleConnectionsPerIP ? 1 : 0
        c.hashing_threads = Int32(settings.hashingThreads)
        c.aio_threads = Int32(settings.diskThreads)
        c.upload_rate_limit = Int32(clamping: settings.uploadRateLimit)
        c.download_rate_limit = Int32(clamping: settings.downloadRateLimit)
        c.connections_limit = Int32(settings.connectionsLimit)
        var session: OpaquePointer?
        try SwarmError.rethrowing {
            try settings.listen.withCString { listen in
                c.listen_interfaces = listen
                try SwarmError.check { ift_session_create(&session, &c, $0) }
            }
        }
        guard let session else { throw SwarmError(.internal, "the shim returned no session") }
        pointer = session
    }

    /// Shuts the session down, waiting up to `deadline`; `.timeout` when it had to stop waiting.
    func destroy(deadline: Duration) throws(SwarmError) {
        let milliseconds = deadline.components.seconds * 1000 + deadline.components.attoseconds / 1_000_000_000_000_000
        try SwarmError.check { ift_session_destroy(pointer, Int32(clamping: milliseconds), $0) }
    }

    var eventDescriptor: Int32 {
        var fd: Int32 = -1
        _ = ift_session_event_fd(&fd, pointer, nil)
        return fd
    }

    func listenPort() throws(SwarmError) -> UInt16 {
        var port: UInt16 = 0
        try SwarmError.check { ift_session_listen_port(&port, pointer, $0) }
        return port
    }

    /// Takes the next pending event, or nil when none is left.
    func nextEvent() throws(SwarmError) -> ShimEvent? {
        var event = ift_event()
        var hasEvent: Int32 = 0
        try SwarmError.check { ift_session_next_event(&event, &hasEvent, pointer, $0) }
        guard hasEvent != 0 else { return nil }
        defer { ift_event_free(&event) }
        return ShimEvent(event)
    }

    func add(_ source: TorrentSource, options: AddOptions) throws(SwarmError) -> TorrentID {
        var id: UInt64 = 0
        try SwarmError.rethrowing { try add(source, options: options, into: &id) }
        return TorrentID(id)
    }

    private func add(_ source: TorrentSource, options: AddOptions, into id: inout UInt64) throws {
        try options.savePath.withCString { savePath in
            try CStringArray.with(options.peers) { peers, peerCount in
                try (options.resumeData ?? []).withUnsafeBufferPointer { resume in
                    var params = ift_session_add_options()
                    try SwarmError.checkInit(of: "ift_session_add_options") {
                        ift_session_add_options_init(&params, UInt32(IFT_SESSION_ADD_OPTIONS_VERSION))
                    }
                    params.save_path = savePath
                    params.peers = peers
                    params.peer_count = peerCount
                    params.resume_data = options.resumeData == nil ? nil : resume.baseAddress
                    params.resume_data_size = options.resumeData == nil ? 0 : resume.count
                    params.paused = options.paused ? 1 : 0
                    params.seed_mode = options.seedMode ? 1 : 0
                    params.pieces_verified = options.piecesVerified ? 1 : 0
                    params.drop_trackers = options.dropTrackers ? 1 : 0
                    params.upload_limit = Int32(clamping: options.uploadLimit)
                    params.download_limit = Int32(clamping: options.downloadLimit)
                    switch source {
                    case .magnet(let uri):
                        try SwarmError.check { ift_session_add_magnet(&id, pointer, uri, &params, $0) }
                    case .torrentFile(let data):
                        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                            let bytes = raw.bindMemory(to: UInt8.self)
                            try SwarmError.check {
                                ift_session_add_torrent_file(&id, pointer, bytes.baseAddress, bytes.count, &params, $0)
                            }
                        }
                    case .infoHashes(let hashes):
                        var c = hashes.cValue
                        try SwarmError.check { ift_session_add_info_hashes(&id, pointer, &c, &params, $0) }
                    }
                }
            }
        }
    }

    func remove(_ torrent: TorrentID, deleteFiles: Bool) throws(SwarmError) {
        try SwarmError.check { ift_session_remove(pointer, torrent.rawValue, deleteFiles ? 1 : 0, $0) }
    }

    func pause(_ torrent: TorrentID) throws(SwarmError) {
        try SwarmError.check { ift_torrent_pause(pointer, torrent.rawValue, $0) }
    }

    func resume(_ torrent: TorrentID) throws(SwarmError) {
        try SwarmError.check { ift_torrent_resume(pointer, torrent.rawValue, $0) }
    }

    func setRateLimits(_ torrent: TorrentID, upload: Int, download: Int) throws(SwarmError) {
        try SwarmError.check {
            ift_torrent_set_rate_limits(
                pointer, torrent.rawValue, Int32(clamping: upload), Int32(clamping: download), $0)
        }
    }

    func setSessionRateLimits(upload: Int, download: Int) throws(SwarmError) {
        try SwarmError.check {
            ift_session_set_rate_limits(pointer, Int32(clamping: upload), Int32(clamping: download), $0)
        }
    }

    func connectPeer(_ torrent: TorrentID, host: String, port: UInt16) throws(SwarmError) {
        try SwarmError.check { ift_torrent_connect_peer(pointer, torrent.rawValue, host, port, $0) }
    }

    func requestFlush(_ torrent: TorrentID) throws(SwarmError) {
        try SwarmError.check { ift_torrent_flush_cache(pointer, torrent.rawValue, $0) }
    }

    func requestResumeData(_ torrent: TorrentID) throws(SwarmError) {
        try SwarmError.check { ift_torrent_save_resume_data(pointer, torrent.rawValue, $0) }
    }

    func addPiece(_ torrent: TorrentID, piece: Int, data: Data) throws(SwarmError) {
        try SwarmError.rethrowing {
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                try SwarmError.check {
                    ift_torrent_add_piece(
                        pointer, torrent.rawValue, Int32(clamping: piece), bytes.baseAddress, bytes.count, $0)
                }
            }
        }
    }

    func torrentFile(_ torrent: TorrentID) throws(SwarmError) -> Data {
        var buffer = ift_buffer()
        try SwarmError.check { ift_torrent_get_torrent_file(&buffer, pointer, torrent.rawValue, $0) }
        defer { ift_buffer_free(&buffer) }
        return Data(bytes: buffer.data, count: buffer.size)
    }

    func pieceMap(_ torrent: TorrentID) throws(SwarmError) -> PieceMap {
        var map = ift_piece_map()
        try SwarmError.check { ift_torrent_get_piece_map(&map, pointer, torrent.rawValue, $0) }
        defer { ift_piece_map_free(&map) }
        return PieceMap(map)
    }

    func status(_ torrent: TorrentID) throws(SwarmError) -> TorrentStatus {
        var status = ift_torrent_status()
        try SwarmError.check { ift_torrent_get_status(&status, pointer, torrent.rawValue, $0) }
        return TorrentStatus(status)
    }
}
