import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import Logging
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing
import WireTypes

/// Issue 12, storage drivers, through the node: real update runs against an nginx origin, then
/// the node's mirror syncer on a `file://` mirror; the state the page and the API show comes from
/// the data directory, so it survives a restart.
@Suite(.timeLimit(.minutes(1)))
struct MirrorSyncerTests {
    @Test func anImageSupersededUpstreamLeavesTheMirrorOnceTheRepositoryDroppedIt() async throws {
        let fixture = try OriginFixture()
        let mirrorRoot = fixture.directory.appending("mirror")
        try FileManager.default.createDirectory(atPath: mirrorRoot, withIntermediateDirectories: true)
        let mirrorURL = "file://" + mirrorRoot + "/"
        let old = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([old]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@latest")
        let syncer = try Self.syncer(fixture, mirror: mirrorURL)
        let environment = try Self.environment(fixture, mirror: mirrorURL)

        let before = try environment.storage()
        #expect(before.mirrors.map(\.state) == [.behind])
        #expect(before.mirrors.first?.reason == "not synced yet")

        let first = try await fixture.runner(synchronizer: fixture.synchronizer(minAge: .zero)).run()
        #expect(first.fetched.count == 1)
        await syncer.syncAll()
        let oldPath = try fixture.layoutPath(old)
        #expect(FileManager.default.contents(atPath: mirrorRoot + "/" + oldPath) == old.data)
        let synced = try #require(try environment.storage().mirrors.first)
        #expect(synced.state == .inSync && synced.held == 1 && synced.behind == 0, "\(synced)")
        #expect(synced.url == mirrorURL && synced.lastSync != nil)

        // Upstream replaces the image: the repository fetches the new one and deletes the old.
        let new = try fixture.image("Linux/Ubuntu/Server@24.04.1", seed: 2, size: 1 << 20)
        try fixture.writeManifest([new]) { [nginx.url($0.fileName)] }
        let second = try await fixture.runner(synchronizer: fixture.synchronizer(minAge: .zero)).run()
        #expect(second.fetched.count == 1 && second.deleted.count == 1, "\(second)")
        let behind = try #require(try environment.storage().mirrors.first)
        #expect(behind.state == .behind && behind.behind == 1, "\(behind)")
        #expect(
            FileManager.default.contents(atPath: mirrorRoot + "/" + oldPath) == old.data,
            "the mirror keeps the old image until it holds the new one")

        await syncer.syncAll()
        let newPath = try fixture.layoutPath(new)
        #expect(FileManager.default.contents(atPath: mirrorRoot + "/" + newPath) == new.data)
        #expect(!FileManager.default.fileExists(atPath: mirrorRoot + "/" + oldPath))
        let inventory = try InventoryCoding.decode(
            try Data(contentsOf: URL(fileURLWithPath: mirrorRoot + "/inventory.json")))
        #expect(inventory == (try fixture.inventory()))
        let after = try #require(try environment.storage().mirrors.first)
        #expect(after.state == .inSync && after.held == 1, "\(after)")

        // What the page and the API show is read back from the data directory after a restart.
        let restarted = try Self.environment(fixture, mirror: mirrorURL)
        #expect(try restarted.storage().mirrors.first?.state == .inSync)
    }

    @Test func aMirrorLeasedByAnotherNodeIsShownAsLeasedAndAFailingOneSaysWhy() async throws {
        let fixture = try OriginFixture()
        let mirrorRoot = fixture.directory.appending("mirror")
        try FileManager.default.createDirectory(atPath: mirrorRoot, withIntermediateDirectories: true)
        let leased = "file://" + mirrorRoot + "/"
        let missing = "file://" + fixture.directory.appending("not-mounted/isos") + "/"
        let lease = """
            {"holder":"node-b","token":"t","acquired":"2026-01-01T00:00:00Z","expires":"2099-01-01T00:00:00Z"}
            """
        try Data(lease.utf8).write(to: URL(fileURLWithPath: mirrorRoot + "/.isofleet-lease.json"))
        let syncer = try Self.syncer(fixture, mirror: leased + "," + missing)
        await syncer.syncAll()

        let mirrors = try Self.environment(fixture, mirror: leased + "," + missing).storage().mirrors
        #expect(mirrors.map(\.state) == [.leased, .failing], "\(mirrors)")
        #expect(mirrors.first?.leasedBy == "node-b")
        #expect(mirrors.last?.reason?.contains("is the share mounted?") == true, "\(mirrors)")
    }

    @Test func aMirrorURLThatIsNotOneStopsTheDaemonNamingTheKey() throws {
        let fixture = try OriginFixture()
        let site = try NodeSite(
            configuration: Self.configuration(fixture, mirror: "file:///srv/isos/, ftp://filer/isos/"),
            dataDirectory: fixture.dataDirectory)
        do throws(DaemonError) {
            _ = try site.mirrorSyncer(store: fixture.store, logger: Logger(label: "test"))
            Issue.record("an ftp:// mirror was accepted")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.hasPrefix("storage.mirrors: \"ftp://filer/isos/\""), "\(error.message)")
        }
        let none = try NodeSite(
            configuration: Self.configuration(fixture, mirror: ""), dataDirectory: fixture.dataDirectory)
        #expect(try none.mirrorSyncer(store: fixture.store, logger: Logger(label: "test")) == nil)
    }

    static func configuration(_ fixture: OriginFixture, mirror: String) throws -> Configuration {
        try Configuration(
            file: nil, environment: [:],
            overrides: [.storageMirrors: mirror, .repositoryPath: fixture.repository.root])
    }

    static func environment(_ fixture: OriginFixture, mirror: String) throws -> NodeEnvironment {
        let site = try NodeSite(
            configuration: configuration(fixture, mirror: mirror), dataDirectory: fixture.dataDirectory)
        return NodeEnvironment(site: site, store: fixture.store)
    }

    static func syncer(_ fixture: OriginFixture, mirror: String) throws -> MirrorSyncer {
        let site = try NodeSite(
            configuration: configuration(fixture, mirror: mirror), dataDirectory: fixture.dataDirectory)
        return try #require(try site.mirrorSyncer(store: fixture.store, logger: Logger(label: "test")))
    }
}
