import Fetch
import Foundation
import Node
import Swarm

/// `isofleet add URL --wait` for http(s) sources: a .torrent fetched over HTTP, or the image
/// itself fetched with the node's HTTP fetcher into `DATA_DIR/incomplete/` and promoted to
/// `<repository>/<file name>` once complete (and, with `--sha256`, verified).
struct HTTPAddition {
    let global: GlobalOptions
    let url: URL
    let sha256: String?

    /// The URL when `source` is an http(s) URL of an image (anything but a `.torrent`).
    static func imageURL(_ source: String) -> URL? {
        guard let url = httpURL(source), !url.path.lowercased().hasSuffix(".torrent") else { return nil }
        return url
    }

    /// The URL when `source` is an http(s) URL of a `.torrent` file.
    static func torrentURL(_ source: String) -> URL? {
        guard let url = httpURL(source), url.path.lowercased().hasSuffix(".torrent") else { return nil }
        return url
    }

    /// Fetches a .torrent over HTTP (at most 16 MiB); unreachable is exit 1, not a torrent exit 2.
    static func fetchTorrent(_ url: URL) async throws -> (TorrentSource, TorrentMetadata) {
        let data: Data
        do {
            guard case .fetched(let body, _, _) = try await ManifestDownloader().fetch(url) else {
                throw CLIError.failure("\(url.absoluteString): no body")
            }
            data = body
        } catch let error as FetchError {
            throw CLIError.failure("cannot fetch \(url.absoluteString): \(error.description)")
        }
        do {
            return (.torrentFile(data), try TorrentMetadata(torrentFile: data))
        } catch {
            throw CLIError.invalidInput("\(url.absoluteString): \(error.message)")
        }
    }

    func run() async throws {
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != "..", !name.hasPrefix(".") else {
            throw CLIError.invalidInput("\(url.absoluteString) names no file to place")
        }
        let context = try CommandContext(global)
        let destination = context.repository.absolutePath(of: name)
        try Placement.checkFree(destination)
        do { try context.dataDirectory.create() } catch {
            throw CLIError.failure("cannot create data directory \(context.dataDirectory.root): \(error.localizedDescription)")
        }
        let request = FetchRequest(
            mirrors: [url], destination: context.dataDirectory.incomplete + "/\(name).part", expectedSHA256: sha256)
        let showProgress = isatty(STDERR_FILENO) == 1
        do {
            let result = try await HTTPFetcher().fetch(request, progress: showProgress ? Self.progress : nil)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            try Placement.checkFree(destination)
            try FilePromotion.promote(incomplete: result.path, to: destination)
        } catch let error as FetchError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            throw CLIError.failure(error.description)
        }
        print(destination)
    }

    private static let progress: @Sendable (FetchProgress) -> Void = { progress in
        let total = progress.totalBytes.map { " / \(ProgressLine.bytes($0))" } ?? ""
        let line = "\r\u{1B}[K\(ProgressLine.bytes(progress.bytesDone))\(total) "
            + "\(ProgressLine.bytes(Int64(progress.bytesPerSecond)))/s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func httpURL(_ source: String) -> URL? {
        guard let url = URL(string: source), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else { return nil }
        return url
    }
}
