/// The scrape URL of a tracker on 127.0.0.1 for one info-hash: the 20 bytes percent-escaped.
public enum TrackerScrape {
    /// `http://127.0.0.1:PORT/scrape?info_hash=%xx…` for `infoHash` (40 hex digits).
    public static func url(port: UInt16, infoHash: String) -> String {
        var escaped = ""
        var index = infoHash.startIndex
        while index < infoHash.endIndex {
            let next = infoHash.index(index, offsetBy: 2)
            escaped += "%" + infoHash[index..<next]
            index = next
        }
        return "http://127.0.0.1:\(port)/scrape?info_hash=\(escaped)"
    }
}
