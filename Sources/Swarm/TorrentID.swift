/// Names a torrent inside one ``SwarmSession``; never reused within that session.
public struct TorrentID: Hashable, Sendable, CustomStringConvertible {
    /// The shim's number for the torrent.
    public let rawValue: UInt64

    init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public var description: String { "#\(rawValue)" }
}
