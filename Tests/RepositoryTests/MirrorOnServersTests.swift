import Fetch
import Foundation
import ISOCatalog
import Repository
import TestSupport
import Testing

/// Issue 12, storage drivers on real servers: an S3 bucket on moto_server (signatures checked,
/// multipart uploads), an SMB3 share on smbd and an NFSv3 export on NFS-Ganesha, each made to hold
/// exactly what the repository holds, by one node at a time.
@Suite(.timeLimit(.minutes(3)))
struct MirrorOnServersTests {
    @Test(arguments: ServerMirror.Kind.allCases)
    func aMirrorConvergesReplacesWhatWasSupersededAndLeavesForeignFiles(kind: ServerMirror.Kind) async throws {
        let directory = try TemporaryDirectory(prefix: "mirror-\(kind)")
        let server = try await ServerMirror.start(kind, in: directory)
        let bench = try MirrorBench(server: server, in: directory)
        let old = try bench.image("Ubuntu", path: "Linux/Ubuntu - Server/ubuntu.server-22.04.iso", seed: 1)
        // Larger than one S3 part: a multipart upload there.
        let large = try bench.image("Debian", path: "Linux/debian-12.iso", seed: 2, size: (12 << 20) + 4_321)
        let foreign = "Linux/notes-from-the-admin.txt"
        try server.store().writeSmallFile(foreign, Data("not isofleet's".utf8))

        let first = try bench.sync([old, large])
        #expect(first.isInSync && Set(first.uploaded) == [old.path, large.path], "\(first.summary)")
        for image in [old, large] {
            #expect(try server.contents(image.path) == bench.inRepository(image.path), "\(image.path)")
        }
        #expect(try server.inventory() == InventoryCoding.sorted([old, large]))
        #expect(
            try server.files()
                == [old.path, large.path, foreign, "inventory.json", MirrorOwnership.fileName].sorted(),
            "the lease is given back and no temporary file is left")
        let again = try bench.sync([old, large])
        #expect(again.isInSync && again.uploaded.isEmpty && again.deleted.isEmpty, "\(again.summary)")

        // The update run replaced the old image by a new one.
        let new = try bench.image("Ubuntu", path: "Linux/Ubuntu - Server/ubuntu.server-24.04.iso", seed: 3)
        let replaced = try bench.sync([large, new])
        #expect(replaced.isInSync && replaced.uploaded == [new.path] && replaced.deleted == [old.path])
        #expect(try server.contents(old.path) == nil)
        #expect(try server.contents(new.path) == bench.inRepository(new.path))
        #expect(try server.contents(foreign) == Data("not isofleet's".utf8), "a file isofleet did not put stays")
        #expect(try server.inventory() == InventoryCoding.sorted([large, new]))
    }

    @Test(arguments: ServerMirror.Kind.allCases)
    func twoNodesSyncingAtOnceWriteOneAtATime(kind: ServerMirror.Kind) async throws {
        let directory = try TemporaryDirectory(prefix: "mirror-lease-\(kind)")
        let server = try await ServerMirror.start(kind, in: directory)
        let bench = try MirrorBench(server: server, in: directory)
        let images = try [
            bench.image("Ubuntu", path: "ubuntu.iso", seed: 1, size: 10 << 20),
            bench.image("Debian", path: "debian.iso", seed: 2),
        ]
        var second: MirrorSyncReport?
        // Node B starts its sync while node A uploads its first image.
        let first = try bench.sync(
            images, holder: "node-a",
            progress: { step in
                guard second == nil, step.bytesDone > 0 else { return }
                second = try? bench.sync(images, holder: "node-b")
            })
        let other = try #require(second)
        guard case .leased(let holder, _) = other.outcome else {
            Issue.record("node B wrote while node A held the lease: \(other.summary)")
            return
        }
        #expect(holder == "node-a" && other.uploaded.isEmpty)
        #expect(first.isInSync, "\(first.summary)")
        #expect(try server.contents(images[0].path) == bench.inRepository(images[0].path))
        #expect(try bench.sync(images, holder: "node-b").isInSync, "B takes the mirror once A gave it back")
    }
}
