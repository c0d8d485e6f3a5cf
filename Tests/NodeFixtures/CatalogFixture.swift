import Digest
import Foundation
public import ISOCatalog
public import ISOStore
import Node
public import Repository
public import TestSupport

/// A data directory with a repository and a store, plus a hasher that counts its calls.
public final class CatalogFixture: @unchecked Sendable {
    // @unchecked: `hashCount` is guarded by `lock`; everything else is immutable after init.
    public let directory: TemporaryDirectory
    public let repository: Repository
    public let store: CatalogStore
    private let lock = NSLock()
    private var hashedPaths: [String] = []

    public init() throws {
        directory = try TemporaryDirectory(prefix: "catalog")
        repository = Repository(root: directory.appending("repo"))
        try repository.create()
        store = try CatalogStore(
            databasePath: directory.appending("isofleet.sqlite"), inventoryPath: directory.appending("inventory.json"))
    }

    /// A ``FileHashing`` that records every file it hashes, then hashes it for real.
    public var countingHasher: FileHashing {
        { [self] path, progress in
            lock.withLock { hashedPaths.append(path) }
            return try FileDigest.sha256(ofFileAt: path, progress: progress)
        }
    }

    /// How many files were hashed so far; resets the count.
    public func takeHashCount() -> Int {
        lock.withLock {
            defer { hashedPaths = [] }
            return hashedPaths.count
        }
    }

    public func scanner() -> RepositoryScanner {
        RepositoryScanner(repository: repository, store: store, hashing: countingHasher)
    }

    /// Writes a deterministic image at `relative` inside the repository; returns its sha256.
    @discardableResult
    public func writeImage(_ relative: String, seed: UInt64, size: Int = 256 * 1024) throws -> String {
        try ImageGenerator.write(to: repository.absolutePath(of: relative), seed: seed, size: size)
        return SHA256.hex(of: ImageGenerator.bytes(seed: seed, size: size))
    }

    /// The inventory file, decoded.
    public func inventory() throws -> [InventoryEntry] {
        try InventoryCoding.decode(try Data(contentsOf: URL(fileURLWithPath: directory.appending("inventory.json"))))
    }
}

/// Sets a file's modification time (nanoseconds since the epoch), as `touch -d` would.
public func setModificationTime(_ path: String, nanoseconds: Int64) throws {
    var times = [
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000)),
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000)),
    ]
    guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
}

/// The size and mtime of a file.
public func fileStamp(_ path: String) throws -> (size: Int64, mtime: Int64, inode: UInt64, device: UInt64) {
    var info = stat()
    guard stat(path, &info) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return (
        Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
        UInt64(info.st_ino), UInt64(info.st_dev)
    )
}
