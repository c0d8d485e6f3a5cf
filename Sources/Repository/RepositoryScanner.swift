public import Common
import Foundation
import ISOCatalog
public import ISOStore

/// Walks the repository, identifies the ISO files it finds and brings the store up to date:
/// new files are added (source `scan`), changed ones rehashed, vanished ones marked `missing`.
///
/// Checksums are cached by size and mtime: a file whose stamp matches the stored one is not
/// read again. Identities come from the file name (relative path) via the domain's parser; a name
/// it cannot parse is reported, never guessed. Known paths keep their stored identity.
///
/// A file with more than one hard link is not taken in (reported in `skipped`): it may be a link
/// to a file from outside the repository that whoever runs the scan could read and the node would
/// then serve. Only a file already catalogued with the same size and modification time (say by
/// `isofleet import --link`) is kept; link a file in on purpose with `import --link` or
/// `catalog add` from the command line.
public struct RepositoryScanner: Sendable {
    public let repository: Repository
    public let store: CatalogStore
    let hashing: FileHashing
    /// Absolute directories never descended into, e.g. the data directory's `incomplete/`.
    public var excluding: Set<String>
    /// Found images are committed (and the inventory rewritten) at least this often, so an
    /// interrupted scan of a large repository keeps what it hashed.
    public var commitInterval: Duration = .seconds(2)

    public init(
        repository: Repository, store: CatalogStore, excluding: Set<String> = [],
        hashing: @escaping FileHashing = defaultFileHashing
    ) {
        self.repository = repository
        self.store = store
        self.hashing = hashing
        self.excluding = excluding.union([repository.absolutePath(of: "incomplete")])
    }

    /// Why a file with `links` hard links was not scanned.
    static func hardLinkReason(_ links: Int) -> String {
        "has \(links) hard links, so it may be a file from outside the repository: not scanned (catalog it on purpose with 'isofleet import --link' or 'isofleet catalog add')"
    }

    /// Why the files a walk could not classify are not listed on the page (the walk's report
    /// still names them).
    public static func unclassifiedRecordingFailure(_ error: StoreError) -> String {
        "cannot record the files not classified in the store (they are not listed by the page or "
            + "GET /api/v1/unclassified): \(error)"
    }

    /// Scans `directory` (the repository root when nil; otherwise a directory inside it).
    /// - Throws: ``CatalogError`` `invalidInput` for a directory outside the repository, `io`
    ///   when it cannot be read, `store` when the database fails.
    public func scan(
        directory: String? = nil, progress: ((ScanProgress) -> Void)? = nil
    ) throws(CatalogError) -> ScanReport {
        let started = ContinuousClock.now
        let scanRoot = directory ?? repository.root
        guard let prefix = repository.relativePath(of: scanRoot) else {
            throw CatalogError(
                .invalidInput,
                "\(scanRoot) is outside the repository \(repository.root); use 'isofleet import' to bring files in")
        }
        let found = try ISOFileFinder(excluding: excluding).find(in: scanRoot)
        let known = try storeCall { () throws(StoreError) in try store.images() }
        var report = ScanReport()
        report.skipped = found.skipped.map { .init(path: join(prefix, $0.relativePath), reason: $0.reason) }
        report.failed = found.unreadable.map { .init(path: join(prefix, $0.relativePath), reason: $0.reason) }

        let files = found.files.map { file in (path: join(prefix, file.relativePath), file: file) }
        let foundPaths = Set(files.map(\.path))
        let knownByPath = Dictionary(known.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var knownByIdentity = Dictionary(known.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let inScope: (String) -> Bool = { path in prefix.isEmpty || path.hasPrefix(prefix + "/") }
        var vanished = Set(known.filter { inScope($0.path) && !foundPaths.contains($0.path) }.map(\.path))

        // Plan first, so progress can say how many bytes need hashing.
        enum Step {
            case cached(StoredImage)
            case rehash(StoredImage)
            case new(ImageIdentity, relocating: StoredImage?)
        }
        var steps: [(path: String, file: FoundFile, step: Step)] = []
        var unclassified: [UnclassifiedFile] = []
        for (path, file) in files {
            if file.linkCount > 1, knownByPath[path]?.checksumStamp != file.stamp {
                report.skipped.append(.init(path: path, reason: Self.hardLinkReason(file.linkCount)))
                continue
            }
            if let image = knownByPath[path] {
                if image.checksumStamp == file.stamp, image.sha256 != nil {
                    steps.append((path, file, .cached(image)))
                } else {
                    steps.append((path, file, .rehash(image)))
                }
                continue
            }
            switch FileNameIdentification.identity(of: path) {
            case .failure:
                let (reason, guess) = FileNameIdentification.unclassified(path)
                report.unparseable.append(.init(path: path, reason: reason))
                unclassified.append(
                    UnclassifiedFile(path: path, origin: .scan, size: file.stamp.size, reason: reason, guess: guess))
            case .success(let identity):
                if let holder = knownByIdentity[identity] {
                    if vanished.contains(holder.path) || (holder.state == .missing && !foundPaths.contains(holder.path))
                    {
                        vanished.remove(holder.path)
                        knownByIdentity[identity] = nil
                        steps.append((path, file, .new(identity, relocating: holder)))
                    } else {
                        report.duplicates.append(
                            .init(
                                path: path, reason: "\(identity) is already held at \(holder.path)"))
                    }
                    continue
                }
                knownByIdentity[identity] = StoredImage(identity: identity, path: path, size: 0, source: .scan)
                steps.append((path, file, .new(identity, relocating: nil)))
            }
        }

        var status = ScanProgress(
            filesDone: 0, filesTotal: files.count, bytesHashed: 0,
            bytesToHash: steps.reduce(0) { total, step in
                if case .cached = step.step { return total }
                return total + step.file.stamp.size
            }, currentPath: nil)
        var pending: [StoredImage] = []
        var storedByPath: [String: StoredImage] = [:]
        var lastCommit = ContinuousClock.now
        func commit() throws(CatalogError) {
            guard !pending.isEmpty else { return }
            let batch = pending
            pending = []
            for stored in try storeCall({ () throws(StoreError) in try store.upsertImages(batch) }) {
                storedByPath[stored.path] = stored
            }
            lastCommit = ContinuousClock.now
        }

        for (path, file, step) in steps {
            status.currentPath = path
            switch step {
            case .cached(let image):
                report.cachedFiles += 1
                if image.state == .present {
                    report.unchanged += 1
                } else {
                    var updated = image
                    updated.state = .present
                    updated.size = file.stamp.size
                    pending.append(updated)
                    report.updated.append(updated)
                }
            case .rehash(let image), .new(_, relocating: .some(let image)):
                guard let (sha256, stamp) = hash(file, path: path, status: &status, progress: progress, report: &report)
                else { break }
                var updated = image
                updated.path = path
                updated.size = stamp.size
                updated.sha256 = sha256
                updated.checksumStamp = stamp
                updated.state = .present
                if updated != image {
                    pending.append(updated)
                    report.updated.append(updated)
                } else {
                    report.unchanged += 1
                }
            case .new(let identity, relocating: nil):
                guard let (sha256, stamp) = hash(file, path: path, status: &status, progress: progress, report: &report)
                else { break }
                let image = StoredImage(
                    identity: identity, path: path, size: stamp.size, sha256: sha256, source: .scan,
                    checksumStamp: stamp, added: Date())
                pending.append(image)
                report.added.append(image)
            }
            status.filesDone += 1
            if ContinuousClock.now - lastCommit >= commitInterval { try commit() }
        }
        try commit()

        let gone = known.filter { vanished.contains($0.path) && $0.state != .missing }
        if !gone.isEmpty {
            try storeCall { () throws(StoreError) in try store.setState(.missing, ofImages: gone.compactMap(\.id)) }
            report.missing = gone.map { image in
                var missing = image
                missing.state = .missing
                return missing
            }
        }
        // Last, and never fatal: the images above are what the scan is for.
        do throws(StoreError) {
            try store.replaceUnclassified(origin: .scan, under: prefix, with: unclassified)
        } catch {
            report.failed.append(
                .init(path: prefix.isEmpty ? "." : prefix, reason: Self.unclassifiedRecordingFailure(error)))
        }
        // As stored: with ids and whole-second `added` dates.
        report.added = report.added.map { storedByPath[$0.path] ?? $0 }
        report.updated = report.updated.map { storedByPath[$0.path] ?? $0 }
        report.duration = ContinuousClock.now - started
        return report
    }

    /// Hashes `file`, reporting progress; nil (with the failure recorded) when it cannot be read
    /// or changed while being read.
    private func hash(
        _ file: FoundFile, path: String, status: inout ScanProgress, progress: ((ScanProgress) -> Void)?,
        report: inout ScanReport
    ) -> (String, FileStamp)? {
        let base = status.bytesHashed
        var snapshot = status
        do {
            let sha256 = try hashing(file.absolutePath) { bytes in
                snapshot.bytesHashed = base + bytes
                progress?(snapshot)
            }
            status.bytesHashed = base + file.stamp.size
            guard let after = FileStamp.of(path: file.absolutePath), after == file.stamp else {
                report.failed.append(.init(path: path, reason: "changed while being hashed; scan again"))
                return nil
            }
            report.hashedFiles += 1
            report.hashedBytes += file.stamp.size
            return (sha256, after)
        } catch {
            status.bytesHashed = base + file.stamp.size
            report.failed.append(.init(path: path, reason: "\(error)"))
            return nil
        }
    }

    private func join(_ prefix: String, _ relative: String) -> String {
        prefix.isEmpty ? relative : prefix + "/" + relative
    }
}

/// Runs a store call, turning a ``StoreError`` into a ``CatalogError`` (`conflict` stays a conflict).
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(CatalogError) -> T {
    do { return try body() } catch {
        throw CatalogError(error.code == .conflict ? .conflict : .store, error.message, cause: error.cause)
    }
}
