import Acquisition
import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// A repository on another file system than the data directory (a tmpfs here, standing for an
/// NFS/EFS or CIFS mount): incomplete transfers land beside the repository, so placing a finished
/// image is one rename on the same file system; a data directory on a network file system is
/// refused by its statfs type.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct MountedRepositoryTests {
    @Test func transfersLandOnTheRepositoryFileSystemAndArePlacedByRename() async throws {
        let fixture = try OriginFixture()
        let mountPoint = fixture.directory.appending("share")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let share = try TmpfsMount(at: mountPoint, bytes: 64 << 20)
        defer { share.unmount() }
        let image = try fixture.image("Linux/Debian/Netinst@12.5", seed: 9, size: 2 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image]) { [nginx.url($0.fileName)] }
        let configuration = try Configuration(
            file: nil, environment: [:],
            overrides: [
                .repositoryPath: mountPoint + "/isos", .manifestURL: fixture.manifestURL, .fetchAllowHosts: "127.0.0.1",
            ])
        let site = try NodeSite(configuration: configuration, dataDirectory: fixture.dataDirectory)

        #expect(site.dataDirectory.incomplete == mountPoint + "/isos/" + DataDirectory.repositoryIncompleteFolder)
        #expect(try site.fetchSettings().directIO, "a tmpfs is local: O_DIRECT stays on where it works")
        let store = try site.openStore()
        _ = try store.addSelection(try Selection(parsing: "Linux/Debian/Netinst@latest"))
        let runner = try site.updateRunner(store: store, swarm: nil, fleet: StaticFleetMembership(peers: []))
        let report = try await runner.run()

        #expect(report.failed.isEmpty && report.fetched.count == 1)
        let placed = mountPoint + "/isos/" + (try fixture.layoutPath(image))
        #expect(FileManager.default.contents(atPath: placed).map(SHA256.hex(of:)) == image.sha256)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.dataDirectory.incomplete).isEmpty)
        // The incomplete folder is not part of the repository's contents: a stray file there is
        // neither adopted nor reported.
        try image.data.write(to: URL(fileURLWithPath: site.dataDirectory.incomplete + "/" + image.fileName))
        let scan = try RepositoryScanner(
            repository: site.repository, store: store, excluding: site.excludedDirectories
        ).scan()
        #expect(scan.added.isEmpty && scan.duplicates.isEmpty && scan.unparseable.isEmpty)
    }

    @Test func theDataDirectoryStaysPutWhenTheRepositoryIsOnTheSameFileSystem() throws {
        let fixture = try OriginFixture()
        let site = try NodeSite(
            configuration: try Configuration(file: nil, environment: [:]), dataDirectory: fixture.dataDirectory)
        #expect(site.dataDirectory.incomplete == fixture.dataDirectory.root + "/incomplete")
    }

    @Test(arguments: [
        (0x6969, true, "nfs"), (0xFF53_4D42, true, "cifs"), (0xFE53_4D42, true, "smb2"), (0x6573_5546, true, "fuse"),
        (0xEF53, false, "local (0xef53)"), (0x0102_1994, false, "local (0x1021994)"),
    ])
    func networkFileSystemsAreKnownByTheirStatfsType(magic: Int, network: Bool, name: String) {
        let kind = FileSystemKind(magic: magic, device: 1)
        #expect(kind.isNetwork == network)
        #expect(kind.description == name)
    }

    @Test func theFileSystemOfAPathThatDoesNotExistYetIsItsParents() throws {
        let directory = try TemporaryDirectory(prefix: "fs-kind")
        let existing = try #require(FileSystemKind.of(directory.path))
        let future = try #require(FileSystemKind.of(directory.appending("not/yet/there")))
        #expect(existing == future && !existing.isNetwork)
    }
}
