import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import ISOStore
import Repository

/// `import URL`: brings the ISO files of a remote folder (S3 prefix, SMB or NFS folder, mounted
/// share) into the repository at their layout paths, by the rules of the local import.
///
/// The folder is listed once (``RemoteISOListing``). Each file's identity comes from its sidecar
/// `NAME.iso.json` when there is one, else from its path (the parser `import DIR` uses); a name
/// that yields none is skipped and recorded as unclassified. The import rules
/// (``Importer/destination(for:fileName:)``) skip an image held at another path and refuse a
/// layout path registered to another identity; an image already in place with the same size
/// (and the sidecar's SHA-256, when it names one) is not downloaded again. Every other file is
/// read once by the node's fetcher into the data directory's `incomplete/` (retries, resume
/// within the run, SHA-256 while receiving, the size the listing gave), then linked into place
/// by ``FilePlacer/adopt(_:sha256:at:progress:)``, which never overwrites a different file, and
/// registered with source `import`.
struct RemoteImporter {
    let listing: RemoteISOListing
    let importer: Importer
    let placer: FilePlacer
    let fetcher: ImageFetcher
    /// The data directory's `incomplete/`.
    let incomplete: String

    /// Imports every file of the listing; per-file outcomes are in the report.
    func run(progress: (@Sendable (RemoteImportProgress) -> Void)?) async -> ImportReport {
        var report = ImportReport()
        report.skipped = listing.skipped.map { ImportReport.Issue(from: $0.path, reason: $0.reason) }
        var unclassified: [UnclassifiedFile] = []
        for file in listing.files {
            let location = listing.location(of: file.entry.path)
            if let problem = file.sidecarProblem {
                report.failed.append(.init(from: location.description, reason: problem.message))
                continue
            }
            let identity: ImageIdentity
            if let sidecar = file.sidecar {
                identity = sidecar.identity
            } else {
                switch FileNameIdentification.identity(of: file.entry.path) {
                case .success(let parsed): identity = parsed
                case .failure:
                    let (reason, guess) = FileNameIdentification.unclassified(file.entry.path)
                    report.skipped.append(.init(from: location.description, reason: reason))
                    unclassified.append(
                        UnclassifiedFile(
                            path: location.description, origin: .import, size: file.entry.size, reason: reason,
                            guess: guess))
                    continue
                }
            }
            do {
                report.imported.append(try await bring(file, identity: identity, from: location, progress: progress))
            } catch let error where error.code == .invalidInput || error.code == .notFound {
                report.skipped.append(.init(from: location.description, reason: error.message))
            } catch {
                report.failed.append(.init(from: location.description, reason: error.description))
            }
        }
        // Never fatal: the files above are already placed and registered.
        let folder = Self.folderKey(listing.store.root)
        do throws(StoreError) {
            try importer.store.replaceUnclassified(origin: .import, under: folder, with: unclassified)
        } catch {
            report.failed.append(.init(from: folder, reason: RepositoryScanner.unclassifiedRecordingFailure(error)))
        }
        return report
    }

    /// The folder's URL without its trailing `/`: the prefix of its unclassified rows, as a
    /// local import's folder path is.
    static func folderKey(_ root: RemoteLocation) -> String {
        let text = root.description
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Downloads, places and registers one file (or finds it in place already).
    private func bring(
        _ file: RemoteISOListing.File, identity: ImageIdentity, from location: RemoteLocation,
        progress: (@Sendable (RemoteImportProgress) -> Void)?
    ) async throws(CatalogError) -> ImportReport.Imported {
        let destination = try importer.destination(for: identity, fileName: file.entry.name)
        let expectedSHA256 = file.sidecar?.sha256?.lowercased()
        if destination.holds(size: file.entry.size, sha256: expectedSHA256), let held = destination.held {
            return .init(
                from: location.description, image: held, outcome: .alreadyPresent,
                note: "already held with the same size and sha256; not downloaded")
        }
        let partial = incomplete + "/import-" + SHA256.hex(of: Data(location.description.utf8)).prefix(24)
        // A copy left by an interrupted run may be of another version of the file: start afresh.
        unlink(partial)
        let request = FetchRequest(
            mirrors: [location.url], destination: partial, expectedSize: file.entry.size,
            expectedSHA256: expectedSHA256)
        let name = location.description
        let total = file.entry.size
        var forward: (@Sendable (FetchProgress) -> Void)?
        if let progress {
            forward = { fetched in
                progress(
                    RemoteImportProgress(
                        file: name, bytesDone: fetched.bytesDone, totalBytes: total,
                        bytesPerSecond: fetched.bytesPerSecond))
            }
        }
        let sha256: String
        do throws(FetchError) {
            sha256 = try await fetcher.fetch(request, progress: forward).sha256
        } catch {
            unlink(partial)
            throw CatalogError(.io, error.description)
        }
        do {
            let placed = try placer.adopt(partial, sha256: sha256, at: destination.layoutPath)
            return try importer.register(
                placed, at: destination, from: location.description, displayName: file.sidecar?.displayName)
        } catch {
            unlink(partial)
            throw error
        }
    }
}
