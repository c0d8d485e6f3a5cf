import Acquisition
import Digest
public import Fetch
public import Foundation
public import ISOCatalog
public import ISOStore
public import Node
public import Repository
public import TestSupport

/// A node (data directory, repository, store) plus an origin directory of generated images and a
/// manifest the test writes, served by nginx or the fault server started on demand.
public final class OriginFixture: Sendable {
    /// One generated image in the origin directory.
    public struct Image: Sendable {
        public let identity: ImageIdentity
        public let fileName: String
        public let data: Data
        public let sha256: String
        public var size: Int64 { Int64(data.count) }
    }

    public let directory: TemporaryDirectory
    public let dataDirectory: DataDirectory
    public let repository: Repository
    public let store: CatalogStore
    public var originRoot: String { directory.appending("origin") }
    public var manifestPath: String { directory.appending("upstream/manifest.json") }
    public var manifestURL: String { URL(fileURLWithPath: manifestPath).absoluteString }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "update")
        dataDirectory = DataDirectory(directory.appending("data"))
        try dataDirectory.create()
        repository = Repository(root: dataDirectory.defaultRepository)
        try repository.create()
        store = try CatalogStore(databasePath: dataDirectory.database, inventoryPath: dataDirectory.inventory)
        for path in [originRoot, directory.appending("upstream")] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    /// Writes a generated image for `spec` (`Linux/Ubuntu/Server@22.04.3`) into the origin.
    public func image(_ spec: String, seed: UInt64, size: Int = 2 << 20, arch: String? = nil) throws -> Image {
        let (family, rest) = spec.split("/")
        let (name, rest2) = rest.split("/")
        let (flavor, versionText) = rest2.split("@")
        let parts = versionText.split(separator: ".").map(String.init)
        let identity = ImageIdentity(
            family: family, name: name, flavor: flavor,
            version: Version(
                major: parts[0], minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil),
            arch: arch)
        let fileName = "\(name.lowercased())-\(versionText)\(arch.map { "-\($0)" } ?? "").iso"
        let data = ImageGenerator.bytes(seed: seed, size: size)
        try data.write(to: URL(fileURLWithPath: originRoot + "/" + fileName))
        return Image(identity: identity, fileName: fileName, data: data, sha256: SHA256.hex(of: data))
    }

    /// Writes the upstream manifest listing `images`, each with the mirrors `mirrors(image)` gives.
    public func writeManifest(
        _ images: [Image], sha256: Bool = true, torrent: (Image) -> URL? = { _ in nil }, mirrors: (Image) -> [URL]
    ) throws {
        let entries: [[String: Any]] = images.map { image in
            var version: [String: Any] = ["major": image.identity.version.major]
            if let minor = image.identity.version.minor { version["minor"] = minor }
            if let patch = image.identity.version.patch { version["patch"] = patch }
            var entry: [String: Any] = [
                "family": image.identity.family, "name": image.identity.name, "flavor": image.identity.flavor,
                "version": version, "file_name": image.fileName, "size": image.size,
                "sources": ["http": mirrors(image).map(\.absoluteString)],
            ]
            if sha256 { entry["sha256"] = image.sha256 }
            if let torrent = torrent(image) {
                entry["sources"] = ["http": mirrors(image).map(\.absoluteString), "torrent": torrent.absoluteString]
            }
            if let arch = image.identity.arch { entry["arch"] = arch }
            return entry
        }
        try writeManifestText(
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: ["format": "isofleet-manifest/1", "images": entries], options: [.sortedKeys]),
                as: UTF8.self))
    }

    /// Writes `text` as the upstream manifest, with a modification time one second later than the
    /// previous one so that a conditional GET sees the change.
    public func writeManifestText(_ text: String) throws {
        let previous =
            (try? FileManager.default.attributesOfItem(atPath: manifestPath)[.modificationDate] as? Date) ?? nil
        try text.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let modified = max(Date(), (previous ?? .distantPast).addingTimeInterval(1))
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: manifestPath)
    }

    /// A directory for a server's config and logs.
    public func serverDirectory(_ name: String) throws -> String {
        let path = directory.appending("servers/\(name)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public func nginx(limitRate: Int? = nil, root: String? = nil) async throws -> NginxOrigin {
        try await NginxOrigin.start(
            root: root ?? originRoot, directory: try serverDirectory("nginx"), limitRate: limitRate)
    }

    public func faultServer() async throws -> FaultServer {
        try await FaultServer.start(root: originRoot, logDirectory: try serverDirectory("fault"))
    }

    /// Fetch settings for fast tests: short timeouts, two attempts per mirror, no pauses to speak of.
    public static let fetchSettings = FetchSettings(
        connectTimeout: .seconds(3), lowSpeedLimit: 1, lowSpeedTime: .seconds(10),
        retry: RetryPolicy(maxAttemptsPerMirror: 2, initialDelay: .milliseconds(10)),
        progressInterval: .milliseconds(50))

    public func synchronizer(
        url: String? = nil, minAge: Duration = .seconds(3600), now: @escaping @Sendable () -> Date = { Date() }
    )
        -> ManifestSynchronizer
    {
        ManifestSynchronizer(
            store: store, url: url ?? manifestURL, minAge: minAge,
            downloader: ManifestDownloader(settings: Self.fetchSettings), now: now)
    }

    /// The absolute path of `relative` in the repository.
    public func repositoryFile(_ relative: String) -> String { repository.absolutePath(of: relative) }

    /// The inventory file, decoded.
    public func inventory() throws -> [InventoryEntry] {
        try InventoryCoding.decode(try Data(contentsOf: URL(fileURLWithPath: dataDirectory.inventory)))
    }
}

extension String {
    /// The parts before and after the first `separator`.
    fileprivate func split(_ separator: Character) -> (String, String) {
        let index = firstIndex(of: separator)!
        return (String(self[..<index]), String(self[self.index(after: index)...]))
    }
}

extension OriginFixture {
    /// Adds a selection to the store.
    @discardableResult
    public func select(_ spec: String) throws -> StoredSelection {
        try store.addSelection(try Selection(parsing: spec)).selection
    }

    /// An update runner over this node with the HTTP acquirer and fast fetch settings.
    public func runner(synchronizer: ManifestSynchronizer? = nil) -> UpdateRunner {
        UpdateRunner(
            store: store, repository: repository, dataDirectory: dataDirectory,
            synchronizer: synchronizer ?? self.synchronizer(),
            acquirers: [HTTPAcquirer(fetcher: ImageFetcher(settings: Self.fetchSettings, random: { 0.5 }))])
    }

    /// The layout path of `image` under the default layout.
    public func layoutPath(_ image: Image) throws -> String {
        try Layout.default.relativePath(for: image.identity, fileName: image.fileName)
    }
}
