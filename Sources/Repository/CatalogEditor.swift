public import Common
import Foundation
public import ISOCatalog
public import ISOStore

/// Hand edits of the catalog: `catalog add`, `catalog remove` and `catalog import`.
public struct CatalogEditor: Sendable {
    public let repository: Repository
    public let store: CatalogStore
    let placer: FilePlacer
    let hashing: FileHashing

    public init(repository: Repository, store: CatalogStore, hashing: @escaping FileHashing = defaultFileHashing) {
        self.repository = repository
        self.store = store
        self.hashing = hashing
        placer = FilePlacer(repository: repository, hashing: hashing)
    }

    /// Checks an addition without touching anything: identity fields, checksum form, file exists.
    /// - Throws: ``CatalogError`` `invalidInput` naming the field or file.
    public func validate(_ addition: CatalogAddition) throws(CatalogError) {
        if let problem = IdentityFields.problem(with: addition.identity) {
            throw CatalogError(.invalidInput, "\(addition.file): \(problem)")
        }
        if let sha256 = addition.sha256, !IdentityFields.isSHA256(sha256) {
            throw CatalogError(.invalidInput, "\(addition.file): sha256 '\(sha256)' is not 64 hex digits")
        }
        var info = stat()
        guard stat(addition.file, &info) == 0 else {
            throw CatalogError(.invalidInput, "\(addition.file): \(SystemError.current)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CatalogError(.invalidInput, "\(addition.file) is not a regular file")
        }
    }

    /// Adds an image: a file inside the repository is registered where it is, one outside is
    /// placed at its layout path by `addition.mode`. Source `catalog`. Adding the same identity at
    /// the same path again updates its display name and checksum.
    ///
    /// - Returns: the stored image and, when the file was brought in, how.
    /// - Throws: ``CatalogError``: `invalidInput` (see ``validate(_:)``), `conflict` when the identity
    ///   is held at another path or the path holds another identity, `verification` on a checksum
    ///   mismatch (nothing is placed or registered), `io`.
    public func add(
        _ addition: CatalogAddition, progress: ((Int64) -> Void)? = nil
    ) throws(CatalogError) -> (image: StoredImage, placed: PlacedFile) {
        try validate(addition)
        let inPlace = repository.relativePath(of: addition.file)
        let path: String
        if let inPlace {
            path = inPlace
        } else {
            path = try repository.layoutPath(
                for: addition.identity, fileName: (addition.file as NSString).lastPathComponent)
        }
        if inPlace == "" { throw CatalogError(.invalidInput, "\(addition.file) is the repository root") }

        let held = try storeCall { () throws(StoreError) in try store.image(identity: addition.identity) }
        if let held, held.path != path {
            throw CatalogError(.conflict, "\(addition.identity) is already held at \(held.path) (id \(held.id ?? 0))")
        }
        if let occupant = try storeCall({ () throws(StoreError) in try store.image(path: path) }),
            occupant.identity != addition.identity
        {
            throw CatalogError(
                .conflict, "\(path) is registered as \(occupant.identity) (id \(occupant.id ?? 0)); remove it first")
        }

        let placed: PlacedFile
        if let inPlace {
            placed = try registerInPlace(addition, relativePath: inPlace, cached: held, progress: progress)
        } else {
            placed = try placer.place(
                addition.file, at: path, mode: addition.mode, expectedSHA256: addition.sha256, progress: progress)
        }
        var image = held ?? StoredImage(identity: addition.identity, path: path, size: placed.size, source: .catalog)
        image.size = placed.size
        image.sha256 = placed.sha256
        image.checksumStamp = placed.stamp
        image.state = .present
        if let displayName = addition.displayName { image.displayName = displayName }
        let stored = try storeCall { () throws(StoreError) in try store.upsertImage(image) }
        // Classified now: no longer listed as a file scan or import could not classify. The image is
        // stored either way; a row left by a failure here goes with the next scan or import (and a
        // path the catalog holds is never listed).
        try? store.removeUnclassified(paths: [Repository.canonical(addition.file)] + (inPlace.map { [$0] } ?? []))
        return (stored, placed)
    }

    /// Removes the image named by `reference` (a row id, or a path relative to the repository or
    /// absolute inside it) from the catalog and, with `deleteFile`, its file.
    /// - Throws: ``CatalogError`` `notFound` naming the reference; `io` when the file cannot be
    ///   deleted (the catalog entry is then already gone).
    @discardableResult
    public func remove(_ reference: String, deleteFile: Bool) throws(CatalogError) -> StoredImage {
        let image = try find(reference)
        guard let id = image.id else { throw CatalogError(.notFound, "no image \(reference)") }
        let removed = try storeCall { () throws(StoreError) in try store.removeImage(id: id) }
        if deleteFile {
            let absolute = repository.absolutePath(of: removed.path)
            if unlink(absolute) != 0, errno != ENOENT {
                throw CatalogError(
                    .io, "removed \(removed.path) from the catalog but cannot delete the file",
                    cause: SystemError.current)
            }
        }
        return removed
    }

    /// The image a reference names: a row id, or a path (relative to the repository, or absolute).
    public func find(_ reference: String) throws(CatalogError) -> StoredImage {
        if let id = Int64(reference), let image = try storeCall({ () throws(StoreError) in try store.image(id: id) }) {
            return image
        }
        let relative = reference.hasPrefix("/") ? repository.relativePath(of: reference) : reference
        if let relative, let image = try storeCall({ () throws(StoreError) in try store.image(path: relative) }) {
            return image
        }
        if !reference.hasPrefix("/"), let relative = repository.relativePath(of: reference),
            let image = try storeCall({ () throws(StoreError) in try store.image(path: relative) })
        {
            return image
        }
        throw CatalogError(.notFound, "no image with id or path '\(reference)' in the catalog")
    }

    /// Registers the entries of an inventory document (`catalog import`), all in one transaction.
    ///
    /// Entries keep their `source` and `added`. A file present at the entry's path with the same
    /// size is `present`; otherwise the entry is stored as `missing`. Checksums are taken as given;
    /// the next `scan` hashes the files and corrects them. Entries at the path of an existing image
    /// replace it.
    /// - Throws: ``CatalogError`` `invalidInput` for an unsafe path or identity (nothing imported),
    ///   `conflict` when an identity is held at another path.
    public func importInventory(_ entries: [InventoryEntry]) throws(CatalogError) -> [StoredImage] {
        let existingByPath = Dictionary(
            try storeCall { () throws(StoreError) in try store.images() }.map { ($0.path, $0) },
            uniquingKeysWith: { first, _ in first })
        var images: [StoredImage] = []
        for (index, entry) in entries.enumerated() {
            if let problem = RepositoryPath.problem(with: entry.path) {
                throw CatalogError(.invalidInput, "entry \(index): \(problem)")
            }
            if let problem = IdentityFields.problem(with: entry.identity) {
                throw CatalogError(.invalidInput, "entry \(index) (\(entry.path)): \(problem)")
            }
            if let sha256 = entry.sha256, !IdentityFields.isSHA256(sha256) {
                throw CatalogError(.invalidInput, "entry \(index) (\(entry.path)): sha256 is not 64 hex digits")
            }
            let stamp = FileStamp.of(path: repository.absolutePath(of: entry.path))
            let existing = existingByPath[entry.path]
            images.append(
                StoredImage(
                    id: existing?.id, identity: entry.identity, path: entry.path, size: entry.size,
                    sha256: entry.sha256?.lowercased(), source: entry.source, displayName: entry.displayName,
                    state: stamp?.size == entry.size ? .present : .missing, checksumStamp: nil, added: entry.added))
        }
        return try storeCall { () throws(StoreError) in try store.upsertImages(images) }
    }

    private func registerInPlace(
        _ addition: CatalogAddition, relativePath: String, cached: StoredImage?, progress: ((Int64) -> Void)?
    ) throws(CatalogError) -> PlacedFile {
        guard let stamp = FileStamp.of(path: addition.file) else {
            throw CatalogError(.io, "cannot stat \(addition.file)", cause: SystemError.current)
        }
        let sha256: String
        if let cached, cached.checksumStamp == stamp, let known = cached.sha256 {
            sha256 = known
        } else {
            do { sha256 = try hashing(addition.file, progress) } catch {
                throw CatalogError(.io, "cannot hash \(addition.file)", cause: error)
            }
        }
        if let expected = addition.sha256, expected.lowercased() != sha256 {
            throw CatalogError(
                .verification, "\(addition.file) has sha256 \(sha256), expected \(expected.lowercased()); not added")
        }
        return PlacedFile(
            relativePath: relativePath, size: stamp.size, sha256: sha256, stamp: stamp,
            outcome: .alreadyPresent, note: "registered in place")
    }
}
