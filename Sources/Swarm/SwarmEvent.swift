/// Something that happened in a ``SwarmSession``, delivered by ``SwarmSession/events()``.
public enum SwarmEvent: Sendable, Hashable {
    case torrentAdded(TorrentID)
    case metadataReceived(TorrentID)
    /// The initial check of existing files (or resume data) is done.
    case checked(TorrentID)
    /// Every wanted piece is downloaded and verified.
    case finished(TorrentID)
    /// A piece failed its hash check and will be fetched again.
    case hashFailed(TorrentID, piece: Int)
    case peerConnected(TorrentID, peer: String)
    case peerDisconnected(TorrentID, peer: String, reason: String)
    /// Reading or writing a file failed; the message names the file.
    case fileError(TorrentID, message: String)
    /// The torrent stopped on an error.
    case torrentError(TorrentID, message: String)
    case listenSucceeded(address: String)
    case listenFailed(address: String, message: String)
    /// Resume data was produced (and written to the ``ResumeStore`` when there is one).
    case resumeDataSaved(TorrentID)
    case resumeDataFailed(TorrentID, message: String)
    /// Stored resume data was not used (corrupt, or of another torrent); the torrent starts from a check.
    case resumeDataRejected(TorrentID, message: String)
    case torrentRemoved(TorrentID)
    /// Every write of the torrent requested before ``SwarmSession/flush(_:)`` is on disk.
    case flushed(TorrentID)
    /// The library's event queue overflowed and some events were lost.
    case eventsDropped(String)
}
