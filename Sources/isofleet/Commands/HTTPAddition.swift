import Fetch
import Foundation
import ISOCatalog
import Node
import Acquisition
import Repository
import Common

/// `isofleet add URL --wait` without a daemon, for the http(s) URL of an image: fetched with the
/// node's HTTP fetcher into `DATA_DIR/incomplete/`, then placed by ``IngestPlacer`` (verified
/// against `--sha256` when given).
struct HTTPAddition {
    let global: GlobalOptions
    let url: URL
    let sha256: String?

    func run() async throws {
        let context = try global.site()
        let store = try context.openStoreForCommand()
        let target: IngestTarget
        do {
            target = try IngestTarget(fileName: url.lastPathComponent, repository: context.repository)
            try target.checkFree()
        } catch {
            throw CLIError(error)
        }
        let request = FetchRequest(
            mirrors: [url], destination: context.dataDirectory.incomplete + "/\(target.fileName).part",
            expectedSHA256: sha256)
        let showProgress = isatty(STDERR_FILENO) == 1
        do {
            let result = try await HTTPFetcher().fetch(request, progress: showProgress ? Self.progress : nil)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            try IngestPlacer(repository: context.repository, store: store)
                .place(result.path, at: target, expectedSHA256: sha256, source: .catalog)
        } catch let error as FetchError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            throw CLIError.failure(error.description)
        } catch let error as IngestError {
            throw CLIError(error)
        }
        print(target.absolutePath)
    }

    private static let progress: @Sendable (FetchProgress) -> Void = { progress in
        let total = progress.totalBytes.map { " / \(ByteCount.size($0))" } ?? ""
        let line = "\r\u{1B}[K\(ByteCount.size(progress.bytesDone))\(total) "
            + "\(ByteCount.size(Int64(progress.bytesPerSecond)))/s"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
