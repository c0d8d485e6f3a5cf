public import Common
public import ISOCatalog
public import ISOStore
public import Repository

/// The last step of every addition, shared by `isofleet add --wait` and the daemon: moves the
/// complete download from `incomplete/` to its ``IngestTarget`` (never overwriting, never leaving a
/// partial file at the path; hashed on the way, `expectedSHA256` checked) and, when the identity is
/// known, registers the image in the store and `inventory.json`.
public struct IngestPlacer: Sendable {
    public let repository: Repository
    public let store: CatalogStore?

    public init(repository: Repository, store: CatalogStore?) {
        self.repository = repository
        self.store = store
    }

    /// Places `file` at `target` and registers it with `source`; returns the stored image when registered.
    /// - Throws: ``IngestError``: `conflict` when the path is taken, `failure` otherwise.
    @discardableResult
    public func place(
        _ file: String, at target: IngestTarget, expectedSHA256: String? = nil, source: AcquisitionSource
    ) throws(IngestError) -> StoredImage? {
        try target.checkFree()
        let placed: PlacedFile
        do {
            placed = try FilePlacer(repository: repository).place(
                file, at: target.relativePath, mode: .move, expectedSHA256: expectedSHA256)
        } catch {
            throw IngestError(error.code == .conflict ? .conflict : .failure, error.description)
        }
        guard let identity = target.identity, let store else { return nil }
        var image =
            (try? store.image(identity: identity)) ?? nil
            ?? StoredImage(identity: identity, path: target.relativePath, size: placed.size, source: source)
        image.path = target.relativePath
        image.size = placed.size
        image.sha256 = placed.sha256
        image.checksumStamp = placed.stamp
        image.state = .present
        do { return try store.upsertImage(image) } catch {
            throw IngestError(.failure, "\(target.relativePath) is placed but not registered: \(error.description)")
        }
    }
}
