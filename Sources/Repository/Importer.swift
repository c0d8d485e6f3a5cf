public import Common
import Foundation
public import ISOCatalog
public import ISOStore

/// Brings a folder of ISO files into the repository at their layout paths (`import DIR`).
///
/// Each file's identity comes from its path relative to `DIR` (the same parser as `scan` and
/// `parse-name`); the file is copied, moved or hard-linked by ``FilePlacer`` (never leaving a
/// partial file at a layout path, never overwriting a different file) and registered with source
/// `import`. One file's failure does not stop the others; the report lists every outcome.
public struct Importer: Sendable {
    public let repository: Repository
    public let store: CatalogStore
    let placer: FilePlacer
    /// Whether a file with more than one hard link is skipped (the daemon's import of
    /// `import.roots`): it may be a link to a file from outside the roots. As with
    /// ``RepositoryScanner``, only a file already catalogued at that path in the repository with
    /// the same size and modification time is taken. The command line, which runs with the
    /// user's own permissions, imports it.
    public var refusesHardLinks = false

    public init(repository: Repository, store: CatalogStore, hashing: @escaping FileHashing = defaultFileHashing) {
        self.repository = repository
        self.store = store
        placer = FilePlacer(repository: repository, hashing: hashing)
    }

    /// Imports every ISO file under `directory` by `mode`.
    /// - Parameter progress: `(file, bytes done)` while copying or hashing.
    /// - Throws: ``CatalogError`` when `directory` cannot be read; per-file failures (and a failure
    ///   to record the files not classified) are in the report.
    public func importFolder(
        _ directory: String, mode: ImportMode, progress: ((String, Int64) -> Void)? = nil
    ) throws(CatalogError) -> ImportReport {
        var excluded: Set<String> = [repository.absolutePath(of: "incomplete")]
        if Repository.canonical(directory) != repository.root { excluded.insert(repository.root) }
        let found = try ISOFileFinder(excluding: excluded).find(in: directory)
        var report = ImportReport()
        report.skipped = (found.skipped + found.unreadable).map {
            .init(from: Repository.canonical(directory) + "/" + $0.relativePath, reason: $0.reason)
        }
        let searched = Repository.canonical(directory)
        var unclassified: [UnclassifiedFile] = []
        for file in found.files {
            if case .failure = FileNameIdentification.identity(of: file.relativePath) {
                let (reason, guess) = FileNameIdentification.unclassified(file.relativePath)
                report.skipped.append(.init(from: file.absolutePath, reason: reason))
                unclassified.append(
                    UnclassifiedFile(
                        path: searched + "/" + file.relativePath, origin: .import, size: file.stamp.size,
                        reason: reason, guess: guess))
                continue
            }
            if refusesHardLinks, file.linkCount > 1, !isCatalogued(file) {
                report.skipped.append(.init(from: file.absolutePath, reason: Self.hardLinkReason(file.linkCount)))
                continue
            }
            do {
                report.imported.append(
                    try importFile(file, mode: mode) { bytes in
                        progress?(file.absolutePath, bytes)
                    })
            } catch let error where error.code == .invalidInput || error.code == .notFound {
                report.skipped.append(.init(from: file.absolutePath, reason: error.message))
            } catch {
                report.failed.append(.init(from: file.absolutePath, reason: error.description))
            }
        }
        // Never fatal: the files above are already placed and registered.
        do throws(StoreError) {
            try store.replaceUnclassified(origin: .import, under: searched, with: unclassified)
        } catch {
            report.failed.append(
                .init(from: searched, reason: RepositoryScanner.unclassifiedRecordingFailure(error)))
        }
        return report
    }

    /// Why a file with `links` hard links was not imported by the daemon.
    static func hardLinkReason(_ links: Int) -> String {
        "has \(links) hard links, so it may be a file from outside import.roots: not imported (import it with 'isofleet import' on the node)"
    }

    /// Whether `file` lies in the repository and is catalogued there as it is (same stamp).
    private func isCatalogued(_ file: FoundFile) -> Bool {
        guard let path = repository.relativePath(of: file.absolutePath), !path.isEmpty,
            let held = try? store.image(path: path)
        else { return false }
        return held.checksumStamp == file.stamp
    }

    /// Places and registers one file found under the imported folder.
    private func importFile(
        _ file: FoundFile, mode: ImportMode, progress: @escaping (Int64) -> Void
    ) throws(CatalogError) -> ImportReport.Imported {
        let identity: ImageIdentity
        switch FileNameIdentification.identity(of: file.relativePath) {
        case .success(let parsed): identity = parsed
        case .failure(let error): throw CatalogError(.invalidInput, error.message)
        }
        let destination = try destination(for: identity, fileName: file.fileName)
        let placed = try placer.place(file.absolutePath, at: destination.layoutPath, mode: mode, progress: progress)
        return try register(placed, at: destination, from: file.absolutePath)
    }

    /// Where `identity` (found as `fileName`) goes, checked against the import rules shared by
    /// the local and the remote import: an image held at another path is `invalidInput` (the
    /// file is skipped); a layout path registered to another identity is a `conflict`.
    public func destination(for identity: ImageIdentity, fileName: String) throws(CatalogError) -> ImportDestination {
        let layoutPath = try repository.layoutPath(for: identity, fileName: fileName)
        let held = try storeCall { () throws(StoreError) in try store.image(identity: identity) }
        if let held, held.path != layoutPath,
            FileManager.default.fileExists(atPath: repository.absolutePath(of: held.path))
        {
            throw CatalogError(.invalidInput, "\(identity) is already held at \(held.path)")
        }
        if let occupant = try storeCall({ () throws(StoreError) in try store.image(path: layoutPath) }),
            occupant.identity != identity
        {
            throw CatalogError(.conflict, "\(layoutPath) is registered as \(occupant.identity); not overwritten")
        }
        let inPlace =
            held.map {
                $0.path == layoutPath && $0.checksumStamp != nil
                    && FileStamp.of(path: repository.absolutePath(of: layoutPath)) == $0.checksumStamp
            } ?? false
        return ImportDestination(identity: identity, layoutPath: layoutPath, held: held, isHeldInPlace: inPlace)
    }

    /// Registers `placed`, now at `destination`'s layout path, with source `import` (keeping the
    /// row of an image registered before: its id, `added`, display name).
    public func register(
        _ placed: PlacedFile, at destination: ImportDestination, from origin: String, displayName: String? = nil
    ) throws(CatalogError) -> ImportReport.Imported {
        var image =
            destination.held
            ?? StoredImage(
                identity: destination.identity, path: destination.layoutPath, size: placed.size, source: .import)
        image.path = destination.layoutPath
        image.size = placed.size
        image.sha256 = placed.sha256
        image.checksumStamp = placed.stamp
        image.state = .present
        if image.displayName == nil, let displayName { image.displayName = displayName }
        let stored = try storeCall { () throws(StoreError) in try store.upsertImage(image) }
        return .init(from: origin, image: stored, outcome: placed.outcome, note: placed.note)
    }
}
