public import ISOCatalog
public import ISOStore

/// Where an imported image goes, once the import rules allow it (``Importer/destination(for:fileName:)``):
/// its layout path and what the catalog already holds of it.
public struct ImportDestination: Sendable {
    public var identity: ImageIdentity
    /// The path the layout gives the image, relative to the repository root.
    public var layoutPath: String
    /// The catalog's row for the identity, if any (held at ``layoutPath``, or registered but gone).
    public var held: StoredImage?
    /// True when ``held`` is at ``layoutPath`` and the file there still has the stamp its
    /// checksum was computed on: the image is in place, unchanged since.
    public var isHeldInPlace: Bool

    /// True when the image is in place with `size` bytes and, when given, `sha256`: nothing to
    /// bring in (a remote import skips the download).
    public func holds(size: Int64, sha256: String?) -> Bool {
        guard isHeldInPlace, let held, held.size == size, held.sha256 != nil else { return false }
        return sha256 == nil || held.sha256 == sha256?.lowercased()
    }
}
