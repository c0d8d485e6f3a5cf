public import Common
import Fetch
import Foundation
import Repository
public import WireTypes

extension NodeEnvironment {
    /// True when `text` names a remote folder to import from or publish (`s3://`, `smb://`,
    /// `nfs://`, `file://`) rather than a local path: it starts with a URL scheme.
    public static func isRemoteURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return false }
        return text[..<colon].allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    /// `import URL`: brings the ISO files of the remote folder `url` into the layout, copying
    /// (the only mode a remote folder allows), as ``RemoteImporter`` describes.
    /// - Parameter progress: called on a transfer thread while a file is copied.
    /// - Throws: `invalidInput` for a URL that is not an s3, smb, nfs or file folder, or a folder
    ///   that does not exist; `failure` when the folder cannot be listed (credentials, network) or
    ///   the settings for remote storage are wrong. Per-file failures are in the report.
    public func importRemote(
        _ url: String, progress: (@Sendable (RemoteImportProgress) -> Void)? = nil
    ) async throws(RequestError) -> ImportReportJSON {
        let location: RemoteLocation
        do { location = try RemoteLocation(parsing: url).asFolder } catch {
            throw RequestError(.invalidInput, error.message)
        }
        let settings: FetchSettings
        let access: RemoteAccess
        do {
            settings = try site.fetchSettings()
            access = try site.remoteAccess(settings: settings)
        } catch {
            throw RequestError(.invalidInput, error.description)
        }
        let listing = try await OffPool.run("isofleet-import-list") { () throws(RequestError) in
            do throws(FetchError) {
                return try RemoteISOListing(access.open(location))
            } catch {
                throw RequestError(
                    error.code == .notFound ? .invalidInput : .failure, "cannot list \(location): \(error.message)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory.incomplete, withIntermediateDirectories: true)
        } catch {
            throw RequestError(.failure, "cannot create \(dataDirectory.incomplete): \(error.localizedDescription)")
        }
        let importer = RemoteImporter(
            listing: listing, importer: Importer(repository: repository, store: store),
            placer: FilePlacer(repository: repository), fetcher: ImageFetcher(settings: settings, remote: access),
            incomplete: dataDirectory.incomplete)
        return ImportReportJSON(await importer.run(progress: progress))
    }
}
