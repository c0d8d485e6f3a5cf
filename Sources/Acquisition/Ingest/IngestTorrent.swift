public import Common
import Fetch
import Foundation
public import Swarm

/// A magnet link or `.torrent` ready for the swarm: the source to add and what it says about
/// itself (info-hashes, name, size).
public struct IngestTorrent: Sendable {
    public let source: TorrentSource
    public let metadata: TorrentMetadata

    /// Reads the torrent behind `source`: parses a magnet link, reads a local `.torrent`, or fetches
    /// one over http(s) (at most 16 MiB).
    /// - Throws: ``IngestError``: `invalidInput` for something that is not a torrent, `failure`
    ///   when the `.torrent` cannot be fetched or read.
    public static func load(_ source: IngestSource) async throws(IngestError) -> IngestTorrent {
        switch source {
        case .magnet(let text):
            // Only http(s)/udp trackers on public hosts are announced to (MagnetTrackers).
            let magnet = MagnetTrackers.filter(text).magnet
            do { return IngestTorrent(source: .magnet(magnet), metadata: try TorrentMetadata(magnet: magnet)) } catch {
                throw IngestError(.invalidInput, error.message)
            }
        case .torrentFile(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IngestError(.invalidInput, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            return try parse(data, from: path)
        case .torrentURL(let url):
            let data: Data
            do {
                guard case .fetched(let body, _, _) = try await ManifestDownloader(allowsFileURLs: false).fetch(url)
                else {
                    throw IngestError(.failure, "\(url.absoluteString): no body")
                }
                data = body
            } catch let error as FetchError {
                throw IngestError(.failure, "cannot fetch \(url.absoluteString): \(error.description)")
            } catch let error as IngestError {
                throw error
            } catch {
                throw IngestError(.failure, "cannot fetch \(url.absoluteString): \(error)")
            }
            return try parse(data, from: url.absoluteString)
        case .imageURL(let url):
            throw IngestError(.invalidInput, "\(url.absoluteString) is an image, not a torrent")
        }
    }

    private static func parse(_ data: Data, from origin: String) throws(IngestError) -> IngestTorrent {
        do { return IngestTorrent(source: .torrentFile(data), metadata: try TorrentMetadata(torrentFile: data)) } catch
        {
            throw IngestError(.invalidInput, "\(origin): \(error.message)")
        }
    }
}
