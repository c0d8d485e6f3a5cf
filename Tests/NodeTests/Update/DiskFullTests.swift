import Digest
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Issue 15, "Disk full": the repository on a small tmpfs. A run that cannot fit an image says so
/// for that image, keeps what it had, leaves no partial file at a layout path (nor a temporary one
/// beside it), and completes once space returns.
@Suite(.timeLimit(.minutes(1)))
struct DiskFullTests {
    @Test func aFullRepositoryFailsOnlyTheImagesThatDoNotFitAndTheNextRunCompletes() async throws {
        let fixture = try OriginFixture()
        let images = try [
            fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 2 << 20),
            fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 2 << 20),
            fixture.image("Linux/Fedora/Server@40", seed: 3, size: 2 << 20),
        ]
        let nginx = try await fixture.nginx()
        try fixture.writeManifest(images) { [nginx.url($0.fileName)] }
        for spec in ["Linux/Ubuntu/Server@22.04", "Linux/Debian/Netinst@latest", "Linux/Fedora/Server@latest"] {
            try fixture.select(spec)
        }
        // Room for two of the three images (and their directories), not for the third.
        let tmpfs = try TmpfsMount(at: fixture.repository.root, bytes: 5 << 20)
        defer { tmpfs.unmount() }

        let first = try await fixture.runner().run()
        #expect(first.fetched.count == 2)
        let failed = try #require(first.failed.first)
        #expect(first.failed.count == 1)
        #expect(
            failed.reason.contains("not enough space") && failed.reason.contains(fixture.repository.root),
            "\(failed.reason)")
        let missing = try #require(images.first { $0.identity == failed.identity })
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(missing))))
        #expect(try leftovers(in: fixture.repository.root).isEmpty)
        for fetched in first.fetched {
            let image = try #require(images.first { $0.identity == fetched.identity })
            let placed = try #require(FileManager.default.contents(atPath: fixture.repositoryFile(fetched.path)))
            #expect(SHA256.hex(of: placed) == image.sha256)
        }
        #expect(Set(try fixture.inventory().map(\.identity)) == Set(first.fetched.map(\.identity)))

        try tmpfs.resize(bytes: 16 << 20)
        let second = try await fixture.runner().run()
        #expect(second.failed.isEmpty, "\(second.failed.map(\.reason))")
        #expect(second.fetched.map(\.identity) == [missing.identity])
        let placed = try #require(
            FileManager.default.contents(atPath: fixture.repositoryFile(try fixture.layoutPath(missing))))
        #expect(SHA256.hex(of: placed) == missing.sha256)
        #expect(Set(try fixture.inventory().map(\.identity)) == Set(images.map(\.identity)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
    }

    @Test func aFullIncompleteAreaFailsTheImageThatDoesNotFitBeforeItsDownloadAndTheNextRunFetchesIt() async throws {
        let fixture = try OriginFixture()
        let small = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let large = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 4 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([small, large]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        try fixture.select("Linux/Debian/Netinst@latest")
        // Downloads land in the incomplete area first: room for the small image, not the large one.
        let tmpfs = try TmpfsMount(at: fixture.dataDirectory.incomplete, bytes: 2 << 20)
        defer { tmpfs.unmount() }

        let first = try await fixture.runner().run()
        #expect(first.fetched.map(\.identity) == [small.identity])
        let failed = try #require(first.failed.first)
        // Refused before any byte was downloaded, so the space stays free for the images that fit.
        #expect(failed.identity == large.identity, "\(failed.reason)")
        #expect(failed.reason.contains("not enough space") && failed.reason.contains(fixture.dataDirectory.incomplete))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(large))))
        #expect(try fixture.inventory().map(\.identity) == [small.identity])

        try tmpfs.resize(bytes: 8 << 20)
        let second = try await fixture.runner().run()
        #expect(second.failed.isEmpty, "\(second.failed.map(\.reason))")
        let fetched = try #require(second.fetched.first)
        #expect(fetched.identity == large.identity)
        let placed = try #require(FileManager.default.contents(atPath: fixture.repositoryFile(fetched.path)))
        #expect(SHA256.hex(of: placed) == large.sha256)
    }

    /// Files under `root` that are not complete images: hidden temporaries, `.part` files.
    private func leftovers(in root: String) throws -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") || $0.hasSuffix(".part") }
    }
}
