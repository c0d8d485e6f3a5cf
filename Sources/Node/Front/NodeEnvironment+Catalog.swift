public import Common
public import Foundation
public import ISOCatalog
import ISOStore
import Repository
public import WireTypes

/// The catalog work the command line asks of the node (`scan`, `import`, `catalog …`), answered
/// in wire types; every failure is a ``RequestError``.
extension NodeEnvironment {
    /// Scans the repository (or `directory` inside it): catalogs new files, re-hashes changed
    /// ones, marks missing ones.
    /// - Throws: `invalidInput` for a directory outside the repository, `failure` otherwise.
    public func scan(
        directory: String? = nil, progress: ((ScanProgress) -> Void)? = nil
    ) throws(RequestError) -> ScanReportJSON {
        let scanner = RepositoryScanner(repository: repository, store: store, excluding: excludedDirectories)
        let report: ScanReport
        do { report = try scanner.scan(directory: directory, progress: progress) } catch { throw RequestError(error) }
        func issues(_ list: [ScanReport.Issue]) -> [ScanReportJSON.Issue] {
            list.map { ScanReportJSON.Issue(path: $0.path, reason: $0.reason) }
        }
        let components = report.duration.components
        return ScanReportJSON(
            added: report.added.map { ImageJSON($0) }, updated: report.updated.map { ImageJSON($0) },
            missing: report.missing.map { ImageJSON($0) }, unchanged: report.unchanged,
            unparseable: issues(report.unparseable), duplicates: issues(report.duplicates),
            skipped: issues(report.skipped), failed: issues(report.failed), hashedFiles: report.hashedFiles,
            hashedBytes: report.hashedBytes, cachedFiles: report.cachedFiles,
            seconds: (Double(components.seconds) + Double(components.attoseconds) / 1e18 * 1000).rounded() / 1000)
    }

    /// Brings every ISO file under `directory` into the layout (`mode`), hashing on the way.
    /// - Parameter progress: `(file, bytes done)` while copying or hashing.
    /// - Throws: `failure` (or `invalidInput`) when `directory` cannot be read; per-file failures
    ///   are in the report.
    public func importFolder(
        _ directory: String, mode: ImportMode, refusingHardLinks: Bool = false,
        progress: ((String, Int64) -> Void)? = nil
    ) throws(RequestError) -> ImportReportJSON {
        let report: ImportReport
        do {
            var importer = Importer(repository: repository, store: store)
            importer.refusesHardLinks = refusingHardLinks
            report = try importer.importFolder(directory, mode: mode, progress: progress)
        } catch {
            throw RequestError(error)
        }
        return ImportReportJSON(report)
    }

    /// Where the running daemon may add files from: `import.roots`, never the data directory.
    public var importRoots: ImportRoots {
        ImportRoots(
            roots: site.configuration.list(.importRoots), dataDirectory: dataDirectory.root, repository: repository)
    }

    /// Checks every addition before any is made: the first problem as `invalidInput` (or
    /// `notFound` for a missing file).
    public func validateCatalogAdditions(_ requests: [CatalogAdditionRequest], mode: ImportMode) throws(RequestError) {
        let editor = CatalogEditor(repository: repository, store: store)
        for request in requests {
            do { try editor.validate(request.addition(mode: mode)) } catch { throw RequestError(error) }
        }
    }

    /// Adds images to the catalog (`mode` for files outside the layout), in order; each success
    /// carries `file`, `outcome` and `note` beside the image's fields.
    /// - Parameter progress: `(file, bytes hashed)` while hashing.
    public func addToCatalog(
        _ requests: [CatalogAdditionRequest], mode: ImportMode, progress: ((String, Int64) -> Void)? = nil
    ) -> [Result<ImageJSON, RequestError>] {
        let editor = CatalogEditor(repository: repository, store: store)
        return requests.map { request in
            do throws(CatalogError) {
                let (image, placed) = try editor.add(request.addition(mode: mode)) { progress?(request.path, $0) }
                return .success(
                    ImageJSON(
                        image,
                        extra: [
                            "file": .text(request.path), "outcome": .text(placed.outcome.rawValue),
                            "note": .text(placed.note),
                        ]))
            } catch {
                return .failure(RequestError(error))
            }
        }
    }

    /// Removes an image (by id or path) from the catalog, and its file with `deleteFile`.
    public func removeFromCatalog(_ reference: String, deleteFile: Bool) throws(RequestError) -> ImageJSON {
        let editor = CatalogEditor(repository: repository, store: store)
        do { return ImageJSON(try editor.remove(reference, deleteFile: deleteFile)) } catch {
            throw RequestError(error)
        }
    }

    /// Replaces the catalog with `entries` (an `inventory.json` of another node or an earlier
    /// export); each image is `present` when its file is where the entry says.
    public func importInventory(_ entries: [InventoryEntry]) throws(RequestError) -> [ImageJSON] {
        let editor = CatalogEditor(repository: repository, store: store)
        do { return try editor.importInventory(entries).map { ImageJSON($0) } } catch { throw RequestError(error) }
    }

    /// The catalog as `inventory.json` (design §4).
    public func inventoryData() throws(RequestError) -> Data {
        do { return try store.inventoryData() } catch { throw RequestError(error) }
    }
}
