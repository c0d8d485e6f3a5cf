internal import CTorrentShim

/// An event as the shim reports it, copied out of the C struct (which is released at once).
struct ShimEvent: Sendable {
    let type: Int32
    let torrent: TorrentID?
    let infoHashes: InfoHashes?
    let piece: Int
    let address: String
    let errorCode: Int32
    let message: String
    /// Resume data, for `IFT_EVENT_RESUME_DATA_SAVED`.
    let data: [UInt8]?

    /// Copies `event`; the caller still releases it.
    init(_ event: ift_event) {
        type = event.type
        torrent = event.torrent != 0 ? TorrentID(event.torrent) : nil
        let hashes = event.info_hashes
        infoHashes = hashes.has_v1 != 0 || hashes.has_v2 != 0 ? InfoHashes(hashes) : nil
        piece = Int(event.piece)
        let host = CInterop.string(event.address)
        address = host.contains(":") ? "[\(host)]:\(event.port)" : "\(host):\(event.port)"
        errorCode = event.error_code
        message = CInterop.string(event.message)
        if let bytes = event.data, event.data_size > 0 {
            data = Array(UnsafeBufferPointer(start: bytes, count: event.data_size))
        } else {
            data = nil
        }
    }

    /// The public event, or nil for those the session only handles internally.
    var publicEvent: SwarmEvent? {
        if let torrent {
            switch type {
            case Int32(IFT_EVENT_TORRENT_ADDED.rawValue): return .torrentAdded(torrent)
            case Int32(IFT_EVENT_METADATA_RECEIVED.rawValue): return .metadataReceived(torrent)
            case Int32(IFT_EVENT_TORRENT_CHECKED.rawValue): return .checked(torrent)
            case Int32(IFT_EVENT_TORRENT_FINISHED.rawValue): return .finished(torrent)
            case Int32(IFT_EVENT_HASH_FAILED.rawValue): return .hashFailed(torrent, piece: piece)
            case Int32(IFT_EVENT_PEER_CONNECTED.rawValue): return .peerConnected(torrent, peer: address)
            case Int32(IFT_EVENT_PEER_DISCONNECTED.rawValue):
                return .peerDisconnected(torrent, peer: address, reason: message)
            case Int32(IFT_EVENT_FILE_ERROR.rawValue): return .fileError(torrent, message: message)
            case Int32(IFT_EVENT_TORRENT_ERROR.rawValue): return .torrentError(torrent, message: message)
            case Int32(IFT_EVENT_RESUME_DATA_SAVED.rawValue): return .resumeDataSaved(torrent)
            case Int32(IFT_EVENT_RESUME_DATA_FAILED.rawValue): return .resumeDataFailed(torrent, message: message)
            case Int32(IFT_EVENT_TORRENT_REMOVED.rawValue): return .torrentRemoved(torrent)
            case Int32(IFT_EVENT_CACHE_FLUSHED.rawValue): return .flushed(torrent)
            default: break
            }
        }
        switch type {
        case Int32(IFT_EVENT_LISTEN_SUCCEEDED.rawValue): return .listenSucceeded(address: address)
        case Int32(IFT_EVENT_LISTEN_FAILED.rawValue): return .listenFailed(address: address, message: message)
        case Int32(IFT_EVENT_EVENTS_DROPPED.rawValue): return .eventsDropped(message)
        default: return nil
        }
    }
}
