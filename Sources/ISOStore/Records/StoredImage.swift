public import Foundation
import GRDB
public import ISOCatalog

/// One image the node holds (or held, when `state` is `missing`): a row of the `image` table.
public struct StoredImage: Hashable, Sendable {
    /// The row id; nil until the image is stored.
    public var id: Int64?
    public var identity: ImageIdentity
    /// Path relative to the repository root, `/`-separated, unique in the store.
    public var path: String
    public var size: Int64
    /// 64 lower-case hex digits, when known.
    public var sha256: String?
    public var source: AcquisitionSource
    public var displayName: String?
    public var state: ImageState
    /// Size and mtime of the file when `sha256` was computed; nil when it never was.
    public var checksumStamp: FileStamp?
    /// When the image was first placed or registered.
    public var added: Date
    /// False only for an image fetched from a manifest that gave no `sha256` (with
    /// `manifest.allow_unverified`): it is held and used, but never served under `/files/` nor
    /// advertised in the node's `/manifest.json`. A scan keeps the flag.
    public var verified: Bool

    public init(
        id: Int64? = nil, identity: ImageIdentity, path: String, size: Int64, sha256: String? = nil,
        source: AcquisitionSource, displayName: String? = nil, state: ImageState = .present,
        checksumStamp: FileStamp? = nil, added: Date = Date(), verified: Bool = true
    ) {
        self.id = id
        self.identity = identity
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.source = source
        self.displayName = displayName
        self.state = state
        self.checksumStamp = checksumStamp
        self.added = added
        self.verified = verified
    }

    /// The entry `inventory.json` lists for this image.
    public var inventoryEntry: InventoryEntry {
        InventoryEntry(
            identity: identity, path: path, size: size, sha256: sha256,
            displayName: displayName, source: source, added: added)
    }
}

extension StoredImage {
    static let table = "image"

    /// Reads a row of `image`. Unknown `source` or `state` strings (from a newer version) are read
    /// as `catalog` and `present` rather than failing the whole listing.
    init(row: Row) {
        let stampSize: Int64? = row["checksum_size"]
        let stampTime: Int64? = row["checksum_mtime_ns"]
        self.init(
            id: row["id"],
            identity: ImageIdentity(
                family: row["family"], name: row["name"], flavor: row["flavor"],
                version: Version(major: row["major"], minor: row["minor"], patch: row["patch"]),
                arch: row["arch"]),
            path: row["path"],
            size: row["size"],
            sha256: row["sha256"],
            source: AcquisitionSource(rawValue: row["source"]) ?? .catalog,
            displayName: row["display_name"],
            state: ImageState(rawValue: row["state"]) ?? .present,
            checksumStamp: zip(stampSize, stampTime).map {
                FileStamp(size: $0, modificationTimeNanoseconds: $1)
            },
            added: row["added"],
            verified: row["verified"] ?? true)
    }

    /// Column values in the order of `columns`, for INSERT and UPDATE.
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("family", identity.family), ("name", identity.name), ("flavor", identity.flavor),
            ("major", identity.version.major), ("minor", identity.version.minor),
            ("patch", identity.version.patch), ("arch", identity.arch),
            ("path", path), ("size", size), ("sha256", sha256), ("source", source.rawValue),
            ("display_name", displayName), ("state", state.rawValue),
            ("checksum_size", checksumStamp?.size),
            ("checksum_mtime_ns", checksumStamp?.modificationTimeNanoseconds),
            ("added", added), ("verified", verified),
        ]
    }
}

/// `zip` for two optionals: both values or nil.
func zip<A, B>(_ first: A?, _ second: B?) -> (A, B)? {
    guard let first, let second else { return nil }
    return (first, second)
}
