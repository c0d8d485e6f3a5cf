public import Foundation

/// A .torrent built by ``TorrentCreator``.
public struct CreatedTorrent: Sendable, Hashable {
    /// The bencoded .torrent file.
    public let data: Data
    /// Its identity.
    public let infoHashes: InfoHashes
    /// Bytes per piece.
    public let pieceSize: Int
    /// The torrent's name: the file's last path component.
    public let name: String
    /// The announce URLs embedded in it.
    public var trackers: [String] = []

    /// A magnet URI for the torrent: its v1 and v2 topics, `dn=`, a `tr=` for each of its
    /// trackers (clients without DHT find peers only through them: aria2, rtorrent) and `x.pe=`
    /// for each of `peers` (`host:port`).
    public func magnet(peers: [String] = []) -> String {
        var parts: [String] = []
        if let v1 = infoHashes.v1 { parts.append("xt=urn:btih:\(v1)") }
        if let v2 = infoHashes.v2 { parts.append("xt=urn:btmh:1220\(v2)") }
        parts.append("dn=\(Self.escape(name))")
        for tracker in trackers { parts.append("tr=\(Self.escape(tracker))") }
        for peer in peers { parts.append("x.pe=\(Self.escape(peer))") }
        return "magnet:?" + parts.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:[]")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
