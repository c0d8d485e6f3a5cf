public import Foundation

/// How a held image came to the node. Only `manifest` images may be deleted by an update run
/// without `--prune` (design §7 rule 2).
public enum AcquisitionSource: String, Hashable, Sendable, Codable, CaseIterable {
    /// Fetched because a selection resolved to it.
    case manifest
    /// Added from a magnet link or .torrent by an operator.
    case magnet
    /// Found in the repository by `scan`.
    case scan
    /// Brought in by `import`.
    case `import`
    /// Added to the catalog by hand (flags, form or JSON).
    case catalog
}

/// One image the node holds, as written to `inventory.json` (design §4).
public struct InventoryEntry: Hashable, Sendable, Codable {
    public var family: String
    public var name: String
    public var flavor: String
    public var version: Version
    public var arch: String?
    /// Path relative to the repository root.
    public var path: String
    public var size: Int64
    /// 64 lower-case hex digits, when known.
    public var sha256: String?
    public var displayName: String?
    public var source: AcquisitionSource
    /// When the image was placed in the repository.
    public var added: Date

    private enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, path, size, sha256, source, added
        case displayName = "display_name"
    }

    public init(
        identity: ImageIdentity, path: String, size: Int64, sha256: String?,
        displayName: String?, source: AcquisitionSource, added: Date
    ) {
        family = identity.family
        name = identity.name
        flavor = identity.flavor
        version = identity.version
        arch = identity.arch
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.displayName = displayName
        self.source = source
        self.added = added
    }

    /// The identity fields of this entry.
    public var identity: ImageIdentity {
        ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)
    }
}
