import Foundation
import ISOCatalog
import TestSupport
import Testing

@testable import ISOStore

/// A data directory with a store in it, for one test.
struct StoreFixture {
    let directory: TemporaryDirectory
    var databasePath: String { directory.appending("isofleet.sqlite") }
    var inventoryPath: String { directory.appending("inventory.json") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "store")
    }

    /// Opens (or reopens) the store in this directory.
    func open() throws -> CatalogStore {
        try CatalogStore(databasePath: databasePath, inventoryPath: inventoryPath)
    }

    /// The inventory file's bytes, or nil when it does not exist.
    func inventoryBytes() -> Data? { FileManager.default.contents(atPath: inventoryPath) }

    /// The inventory file decoded.
    func inventory() throws -> [InventoryEntry] {
        try InventoryCoding.decode(try #require(inventoryBytes()))
    }
}

/// Sample values.
enum Sample {
    static func identity(
        _ name: String = "Ubuntu", _ version: Version = Version(major: "22", minor: "04", patch: "3"),
        arch: String? = "amd64"
    ) -> ImageIdentity {
        ImageIdentity(family: "Linux", name: name, flavor: "Server", version: version, arch: arch)
    }

    static func image(
        _ name: String = "Ubuntu", _ version: Version = Version(major: "22", minor: "04", patch: "3"),
        path: String? = nil, source: AcquisitionSource = .scan, state: ImageState = .present
    ) -> StoredImage {
        let identity = identity(name, version)
        return StoredImage(
            identity: identity, path: path ?? "Linux/\(name)/\(name.lowercased())-\(version).iso",
            size: 1_048_576, sha256: String(repeating: "ab", count: 32), source: source,
            displayName: "\(name) \(version)", state: state,
            checksumStamp: FileStamp(size: 1_048_576, modificationTimeNanoseconds: 1_700_000_000_123_456_789),
            added: Date(timeIntervalSince1970: 1_764_201_600))
    }
}
