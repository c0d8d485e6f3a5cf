import Swarm

/// What one addition has put on disk and in the swarm session so far: what cancelling it
/// (``ImageIngest/cancel(id:)``) removes. Never a placed image: only `incomplete/` files.
struct AdditionLeftovers: Sendable {
    /// The addition's torrent in the session, while it may still be there.
    var torrent: TorrentID?
    /// The torrent's info-hashes, whose resume data goes too.
    var infoHashes: InfoHashes?
    /// Partial files in `incomplete/` (the torrent's file, an image URL's `.part`).
    var files: [String] = []
}
