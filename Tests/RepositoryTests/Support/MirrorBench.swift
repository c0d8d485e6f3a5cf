import Digest
import Fetch
import Foundation
import ISOCatalog
import Repository
import TestSupport

/// A repository folder with generated images and a `file://` mirror folder beside it, in one
/// temporary directory, for the mirror sync tests.
final class MirrorBench {
    let directory: TemporaryDirectory
    var repositoryRoot: String { directory.appending("repo") }
    var mirrorRoot: String { directory.appending("mirror") }
    /// The mirror on a test server, when the bench syncs to one instead of the local folder.
    let server: ServerMirror?
    var mirror: RemoteLocation { server?.location ?? RemoteLocation("file://" + mirrorRoot + "/")! }

    init(server: ServerMirror? = nil, in directory: TemporaryDirectory? = nil) throws {
        self.server = server
        self.directory = try directory ?? TemporaryDirectory(prefix: "mirror")
        try FileManager.default.createDirectory(atPath: mirrorRoot, withIntermediateDirectories: true)
    }

    /// Writes an image of `size` bytes (from `seed`) at `path` in the repository; its entry.
    func image(_ name: String, path: String, seed: UInt64, size: Int = 256 << 10) throws -> InventoryEntry {
        let data = ImageGenerator.bytes(seed: seed, size: size)
        let file = repositoryRoot + "/" + path
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        let identity = ImageIdentity(
            family: "Linux", name: name, flavor: "Server", version: Version(major: "1", minor: "\(seed)", patch: nil),
            arch: nil)
        return InventoryEntry(
            identity: identity, path: path, size: Int64(size), sha256: SHA256.hex(of: data), displayName: nil,
            source: .manifest, added: Date(timeIntervalSince1970: 1_700_000_000))
    }

    /// One sync of the mirror to `images` as `holder`.
    func sync(
        _ images: [InventoryEntry], holder: String = "node-a", leaseDuration: TimeInterval = 600,
        now: @escaping @Sendable () -> Date = { Date() }, progress: @escaping (MirrorSyncProgress) -> Void = { _ in },
        shouldContinue: @escaping () -> Bool = { true }
    ) throws -> MirrorSyncReport {
        let store = try server?.store() ?? RemoteAccess().openMirror(mirror)
        return MirrorSync(
            store: store, repositoryRoot: repositoryRoot, holder: holder, leaseDuration: leaseDuration, now: now,
            progress: progress, shouldContinue: shouldContinue
        ).run(images: images)
    }

    /// The bytes of `path` on the mirror, nil when absent.
    func onMirror(_ path: String) -> Data? { FileManager.default.contents(atPath: mirrorRoot + "/" + path) }

    /// The bytes of `path` in the repository.
    func inRepository(_ path: String) -> Data? { FileManager.default.contents(atPath: repositoryRoot + "/" + path) }

    /// Every regular file below the mirror's root, relative paths, sorted.
    func mirrorFiles() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: mirrorRoot)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: mirrorRoot + "/" + path, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// The mirror's `inventory.json`, decoded.
    func mirrorInventory() throws -> [InventoryEntry] {
        try InventoryCoding.decode(try Data(contentsOf: URL(fileURLWithPath: mirrorRoot + "/inventory.json")))
    }

    /// The lease on the mirror now, nil when there is none.
    func lease() -> MirrorLease? {
        guard let data = onMirror(MirrorLease.fileName) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(MirrorLease.self, from: data)
    }

    /// Writes a lease held by `holder` until `expires`.
    func writeLease(holder: String, expires: Date) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let lease = MirrorLease(holder: holder, token: "other-token", acquired: Date(), expires: expires)
        try encoder.encode(lease).write(to: URL(fileURLWithPath: mirrorRoot + "/" + MirrorLease.fileName))
    }
}
