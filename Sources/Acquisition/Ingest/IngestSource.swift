public import Common
public import Foundation

/// What `isofleet add` and `POST /api/v1/add` accept (design §8): a magnet link, a `.torrent`
/// (an http(s) URL, or a local file for the command line), or the http(s) URL of the image itself.
public enum IngestSource: Sendable, Hashable {
    case magnet(String)
    case torrentURL(URL)
    case torrentFile(path: String)
    case imageURL(URL)

    /// Classifies `text`. A path is accepted only with `allowFiles` (the command line; the daemon
    /// does not read files named by a request).
    /// - Throws: ``IngestError`` `invalidInput` naming what `text` is not.
    public init(parsing text: String, allowFiles: Bool) throws(IngestError) {
        let lower = text.lowercased()
        if lower.hasPrefix("magnet:") {
            self = .magnet(text)
        } else if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: text), url.host != nil else {
                throw IngestError(.invalidInput, "\(text) is not a valid URL")
            }
            self = url.path.lowercased().hasSuffix(".torrent") ? .torrentURL(url) : .imageURL(url)
        } else if allowFiles {
            self = .torrentFile(path: text)
        } else {
            throw IngestError(.invalidInput, "source must be a magnet link (magnet:?…) or an http(s) URL")
        }
    }

    /// Whether the swarm fetches it (everything but an image URL).
    public var needsSwarm: Bool {
        if case .imageURL = self { return false }
        return true
    }

    /// The file name the source announces before any byte arrives, when it names one: the image
    /// URL's last component; torrents name theirs in their metadata (``IngestTorrent``).
    public var imageFileName: String? {
        guard case .imageURL(let url) = self else { return nil }
        return url.lastPathComponent
    }
}
