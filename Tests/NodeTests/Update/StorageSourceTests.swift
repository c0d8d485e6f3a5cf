import Acquisition
import Common
import Digest
import Foundation
import ISOCatalog
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Update runs whose images come from remote storage, through the node's own assembly
/// (`NodeSite.updateRunner`): `file://` sources below `import.roots`, tried in order, verified.
@Suite(.timeLimit(.minutes(1)))
struct StorageSourceTests {
    /// The manifest with one image whose sources are `sources` (a JSON object's text).
    static func manifest(_ image: OriginFixture.Image, sources: String) -> String {
        let version = image.identity.version
        return """
            {"format": "isofleet-manifest/1", "images": [{"family": "\(image.identity.family)", \
            "name": "\(image.identity.name)", "flavor": "\(image.identity.flavor)", \
            "version": {"major": "\(version.major)", "minor": "\(version.minor ?? "")"}, \
            "file_name": "\(image.fileName)", "size": \(image.size), "sha256": "\(image.sha256)", \
            "sources": \(sources)}]}
            """
    }

    /// A site over the fixture's data directory with `import.roots` = `roots`.
    static func site(_ fixture: OriginFixture, roots: [String]) throws -> NodeSite {
        let configuration = try Configuration(
            file: nil, environment: [:],
            overrides: [
                .importRoots: roots.joined(separator: ","), .manifestURL: fixture.manifestURL,
                .repositoryPath: fixture.repository.root, .fetchAllowHosts: "127.0.0.1",
            ])
        return try NodeSite(configuration: configuration, dataDirectory: fixture.dataDirectory)
    }

    @Test func anImageWhoseOnlySourcesAreSharesIsFetchedVerifiedAndPlaced() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Debian/Netinst@12.5", seed: 4, size: 3 << 20)
        let corrupt = fixture.originRoot + "/corrupt.iso"
        var bytes = image.data
        bytes[777] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        try fixture.writeManifestText(
            Self.manifest(
                image,
                sources: #"{"file": ["file://\#(corrupt)", "file://\#(fixture.originRoot)/\#(image.fileName)"]}"#))
        try fixture.select("Linux/Debian/Netinst@latest")

        let runner = try Self.site(fixture, roots: [fixture.originRoot]).updateRunner(
            store: fixture.store, swarm: nil, fleet: StaticFleetMembership(peers: []))
        let report = try await runner.run()

        #expect(report.failed.isEmpty)
        let fetched = try #require(report.fetched.first)
        #expect(fetched.kind == .storage && fetched.verified)
        let placed = FileManager.default.contents(atPath: fixture.repositoryFile(try fixture.layoutPath(image)))
        #expect(placed.map(SHA256.hex(of:)) == image.sha256)
    }

    @Test func aFileSourceOutsideTheImportRootsIsNeverRead() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Debian/Netinst@12.5", seed: 4, size: 1 << 20)
        try fixture.writeManifestText(
            Self.manifest(image, sources: #"{"file": ["file://\#(fixture.originRoot)/\#(image.fileName)"]}"#))
        try fixture.select("Linux/Debian/Netinst@latest")
        let elsewhere = fixture.directory.appending("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)

        let runner = try Self.site(fixture, roots: [elsewhere]).updateRunner(
            store: fixture.store, swarm: nil, fleet: StaticFleetMembership(peers: []))
        let report = try await runner.run()

        #expect(report.fetched.isEmpty)
        let failure = try #require(report.failed.first)
        #expect(
            failure.reason.contains("no acquirer") || failure.reason.contains("outside import.roots"),
            "\(failure.reason)")
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(image))))
    }
}
