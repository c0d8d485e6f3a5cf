/// How a torrent is added to a ``SwarmSession``.
public struct AddOptions: Sendable {
    /// Directory the torrent's file (or folder) is written to or read from.
    public var savePath: String
    /// Known peers as `host:port` (`[v6]:port`); names are resolved when the torrent is added.
    public var peers: [String] = []
    /// Resume data to start from. When nil and the session has a ``ResumeStore``, the stored
    /// resume data for the torrent's info-hash is used (and ignored, with an event, if rejected).
    public var resumeData: [UInt8]?
    /// Add paused.
    public var paused = false
    /// The files are complete (a torrent just created from them): skip the initial check.
    public var seedMode = false
    /// Ignore trackers named by the magnet or .torrent.
    public var dropTrackers = false
    /// Per-torrent rate limits in bytes per second; 0 = unlimited.
    public var uploadLimit = 0
    public var downloadLimit = 0

    public init(savePath: String) { self.savePath = savePath }
}
