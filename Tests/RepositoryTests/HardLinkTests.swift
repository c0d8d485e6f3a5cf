import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing
import WireTypes

/// Issue 15, item 14: a hard link in the repository to a file from elsewhere is neither scanned
/// as an image nor served.
struct HardLinkTests {
    static let ubuntu = "ubuntu-22.04.3-live-server-amd64.iso"

    /// The node over the fixture's repository and store.
    static func node(_ fixture: CatalogFixture) throws -> NodeEnvironment {
        let configuration = try Configuration(
            file: nil, environment: [:], overrides: [.repositoryPath: fixture.repository.root])
        let site = try NodeSite(configuration: configuration, dataDirectoryPath: fixture.directory.appending("data"))
        return NodeEnvironment(site: site, store: fixture.store)
    }

    @Test func item14_hardLinkToAFileOutsideIsNotScanned() throws {
        let fixture = try CatalogFixture()
        let secret = try ImageGenerator.write(to: fixture.directory.appending("outside/secret"), seed: 9, size: 4096)
        #expect(link(secret, fixture.repository.absolutePath(of: Self.ubuntu)) == 0)

        let report = try fixture.scanner().scan()

        #expect(report.added.isEmpty)
        #expect(report.skipped.map(\.path) == [Self.ubuntu])
        #expect(report.skipped.first?.reason.contains("has 2 hard links") == true)
        #expect(try fixture.store.images().isEmpty)
    }

    @Test func item14_fileLinkedInOnPurposeStaysCatalogued() throws {
        let fixture = try CatalogFixture()
        let folder = fixture.directory.appending("incoming")
        try ImageGenerator.write(to: folder + "/" + Self.ubuntu, seed: 1, size: 4096)
        let imported = try Importer(repository: fixture.repository, store: fixture.store).importFolder(
            folder, mode: .link)
        #expect(imported.imported.map(\.outcome) == [.linked])

        let report = try fixture.scanner().scan()

        #expect(report.skipped.isEmpty && report.unchanged == 1)
        let path = try #require(try fixture.store.images().first?.path)
        #expect(try Self.node(fixture).servableFile(atRelativePath: path).image.path == path)
    }

    @Test func item14_catalogedFileReplacedByAHardLinkIsNotServed() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage(Self.ubuntu, seed: 1, size: 4096)
        _ = try fixture.scanner().scan()
        let path = try #require(try fixture.store.images().first?.path)
        let node = try Self.node(fixture)
        #expect(try node.servableFile(atRelativePath: path).image.path == path)

        // Swapped for a link to another file of the same size.
        let secret = try ImageGenerator.write(to: fixture.directory.appending("outside/secret"), seed: 9, size: 4096)
        let absolute = fixture.repository.absolutePath(of: path)
        #expect(unlink(absolute) == 0 && link(secret, absolute) == 0)

        #expect(throws: RequestError.self) { try node.servableFile(atRelativePath: path) }
        let rescan = try fixture.scanner().scan()
        #expect(rescan.skipped.map(\.path) == [path])
        #expect(throws: RequestError.self) { try node.servableFile(atRelativePath: path) }
    }

    @Test func theDaemonsImportSkipsAHardLinkUnlessTheRepositoryHoldsItAsItIs() throws {
        let fixture = try CatalogFixture()
        let secret = try ImageGenerator.write(to: fixture.directory.appending("outside/secret"), seed: 10, size: 4096)
        let folder = fixture.directory.appending("incoming")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(link(secret, folder + "/" + Self.ubuntu) == 0)
        var importer = Importer(repository: fixture.repository, store: fixture.store)
        importer.refusesHardLinks = true

        let refused = try importer.importFolder(folder, mode: .copy)
        #expect(refused.imported.isEmpty)
        #expect(refused.skipped.map(\.from).map { $0.hasSuffix("/incoming/" + Self.ubuntu) } == [true])
        #expect(refused.skipped.first?.reason.contains("has 2 hard links") == true, "\(refused.skipped)")
        #expect(try fixture.store.images().isEmpty)

        // Linked in on purpose by the command line, then the repository imported by the daemon:
        // the catalogued link is not refused for its links.
        try FileManager.default.removeItem(atPath: folder + "/" + Self.ubuntu)
        try ImageGenerator.write(to: folder + "/" + Self.ubuntu, seed: 11, size: 4096)
        let linked = try Importer(repository: fixture.repository, store: fixture.store).importFolder(
            folder, mode: .link)
        #expect(linked.imported.map(\.outcome) == [.linked])
        let again = try importer.importFolder(fixture.repository.root, mode: .copy)
        #expect(!(again.skipped + again.failed).contains { $0.reason.contains("hard links") }, "\(again)")
    }
}
