public import ISOCatalog

/// One image a mirror should hold: a held, verified image of the repository with a known SHA-256,
/// at the same layout path as in the repository.
public struct MirrorImage: Sendable, Hashable {
    /// The image as `inventory.json` lists it.
    public let entry: InventoryEntry
    /// 64 lower-case hex digits.
    public let sha256: String

    /// The image `entry` names; nil when its SHA-256 is unknown (it cannot be verified on a
    /// mirror, so it is not mirrored).
    public init?(_ entry: InventoryEntry) {
        guard let sha256 = entry.sha256 else { return nil }
        self.entry = entry
        self.sha256 = sha256
    }

    /// Path relative to the repository root and to the mirror's root.
    public var path: String { entry.path }
    public var size: Int64 { entry.size }
}
