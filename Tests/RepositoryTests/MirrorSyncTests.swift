import Fetch
import Foundation
import ISOCatalog
import Repository
import TestSupport
import Testing

/// Issue 12, storage drivers: a `file://` mirror in a temporary folder made to hold exactly what
/// the repository holds (same paths, same bytes, `inventory.json`), by the rules of the lease and
/// the ownership record.
@Suite(.timeLimit(.minutes(1)))
struct MirrorSyncTests {
    @Test func aMirrorConvergesToTheRepositoryAndASecondSyncChangesNothing() throws {
        let bench = try MirrorBench()
        let images = try [
            bench.image("Ubuntu", path: "Linux/Ubuntu - Server/ubuntu.server-24.04.iso", seed: 1),
            bench.image("Debian", path: "Linux/Debian - Server/debian.server-12.5.iso", seed: 2),
            bench.image("Fedora", path: "fedora.iso", seed: 3),
        ]
        let first = try bench.sync(images)
        #expect(first.isInSync, "\(first.summary)")
        #expect(Set(first.uploaded) == Set(images.map(\.path)))
        for image in images {
            #expect(bench.onMirror(image.path) == bench.inRepository(image.path), "\(image.path)")
        }
        #expect(try bench.mirrorInventory() == InventoryCoding.sorted(images))
        #expect(
            try bench.mirrorFiles()
                == (images.map(\.path) + ["inventory.json", MirrorOwnership.fileName]).sorted(),
            "the lease is given back, no temporary file is left")

        let second = try bench.sync(images)
        #expect(second.isInSync && second.uploaded.isEmpty && second.deleted.isEmpty, "\(second.summary)")
        #expect(second.summary.contains("in sync (3 images; 0 uploaded, 0 deleted)"), "\(second.summary)")
    }

    @Test func aSupersededImageIsDeletedOnlyOnceTheRepositoryDroppedItAndForeignFilesStay() throws {
        let bench = try MirrorBench()
        let old = try bench.image("Ubuntu", path: "Linux/ubuntu-22.04.iso", seed: 1)
        let kept = try bench.image("Debian", path: "Linux/debian-12.iso", seed: 2)
        let foreign = bench.mirrorRoot + "/Linux/notes-from-the-admin.txt"
        try FileManager.default.createDirectory(atPath: bench.mirrorRoot + "/Linux", withIntermediateDirectories: true)
        try Data("not isofleet's".utf8).write(to: URL(fileURLWithPath: foreign))
        #expect(try bench.sync([old, kept]).isInSync)

        // The repository's update run replaced the old image by a new one.
        let new = try bench.image("Ubuntu", path: "Linux/ubuntu-24.04.iso", seed: 3)
        try FileManager.default.removeItem(atPath: bench.repositoryRoot + "/" + old.path)
        let report = try bench.sync([kept, new])
        #expect(report.isInSync, "\(report.summary)")
        #expect(report.uploaded == [new.path] && report.deleted == [old.path])
        #expect(bench.onMirror(old.path) == nil)
        #expect(bench.onMirror(new.path) == bench.inRepository(new.path))
        #expect(FileManager.default.contents(atPath: foreign) == Data("not isofleet's".utf8))

        // The repository drops everything: what isofleet put there goes, the admin's file stays.
        let emptied = try bench.sync([])
        #expect(emptied.isInSync && Set(emptied.deleted) == [kept.path, new.path], "\(emptied.summary)")
        #expect(
            try bench.mirrorFiles()
                == ["Linux/notes-from-the-admin.txt", "inventory.json", MirrorOwnership.fileName].sorted())
        #expect(try bench.mirrorInventory().isEmpty)
    }

    @Test func aFileIsofleetDidNotPutAtALayoutPathIsNeverReplacedNorDeleted() throws {
        let bench = try MirrorBench()
        let differing = try bench.image("Ubuntu", path: "ubuntu.iso", seed: 1)
        let identical = try bench.image("Debian", path: "debian.iso", seed: 2)
        let theirs = Data(repeating: 7, count: 1000)
        try theirs.write(to: URL(fileURLWithPath: bench.mirrorRoot + "/ubuntu.iso"))
        try #require(bench.inRepository(identical.path)).write(
            to: URL(fileURLWithPath: bench.mirrorRoot + "/debian.iso"))

        let report = try bench.sync([differing, identical])
        #expect(report.failures.map(\.path) == [differing.path], "\(report.summary)")
        #expect(report.failures.first?.reason.contains("did not put there") == true)
        #expect(bench.onMirror(differing.path) == theirs)
        #expect(report.holds[identical.path] == identical.sha256, "identical bytes count as held")
        #expect(report.uploaded.isEmpty)

        // The identical file is not read again while its size holds.
        var read: [String] = []
        let again = try bench.sync([differing, identical], progress: { step in step.path.map { read.append($0) } })
        #expect(again.holds[identical.path] == identical.sha256 && again.uploaded.isEmpty, "\(again.summary)")
        #expect(!read.contains(identical.path), "read back again: \(read)")
        let record = try #require(bench.onMirror(MirrorOwnership.fileName))
        #expect(String(decoding: record, as: UTF8.self).contains("\"identical\""))

        // Neither is deleted when the repository no longer holds them.
        let dropped = try bench.sync([])
        #expect(dropped.deleted.isEmpty, "\(dropped.summary)")
        #expect(bench.onMirror(differing.path) == theirs)
        #expect(bench.onMirror(identical.path) == bench.inRepository(identical.path))
    }

    @Test func aLiveLeaseOfAnotherNodeSkipsTheMirrorAndAnExpiredOneIsTakenOver() throws {
        let bench = try MirrorBench()
        let image = try bench.image("Ubuntu", path: "ubuntu.iso", seed: 1)
        let until = Date().addingTimeInterval(300)
        try bench.writeLease(holder: "node-b", expires: until)

        let skipped = try bench.sync([image])
        guard case .leased(let holder, let leasedUntil) = skipped.outcome else {
            Issue.record("a live lease of another node did not skip the mirror: \(skipped.summary)")
            return
        }
        #expect(holder == "node-b" && abs(leasedUntil.timeIntervalSince(until)) < 1)
        #expect(skipped.summary.hasPrefix("mirror \(bench.mirror): leased by node node-b until "), "\(skipped.summary)")
        #expect(skipped.summary.hasSuffix(", skipped"))
        #expect(bench.onMirror(image.path) == nil, "nothing is written under another node's lease")
        #expect(bench.onMirror(MirrorLease.fileName) != nil, "the other node's lease stays")

        try bench.writeLease(holder: "node-b", expires: Date().addingTimeInterval(-1))
        let taken = try bench.sync([image])
        #expect(taken.isInSync, "\(taken.summary)")
        #expect(bench.onMirror(image.path) == bench.inRepository(image.path))
        #expect(bench.onMirror(MirrorLease.fileName) == nil, "the lease is given back at the end")
    }

    @Test func twoNodesSyncingAtOnceWriteOneAtATime() throws {
        let bench = try MirrorBench()
        let images = try [
            bench.image("Ubuntu", path: "ubuntu.iso", seed: 1, size: 8 << 20),
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
        guard case .leased(let holder, let until) = other.outcome else {
            Issue.record("node B wrote while node A held the lease: \(other.summary)")
            return
        }
        #expect(holder == "node-a" && until > Date())
        #expect(other.summary.contains("leased by node node-a until"), "\(other.summary)")
        #expect(other.uploaded.isEmpty)
        #expect(first.isInSync, "\(first.summary)")
        #expect(try bench.sync(images, holder: "node-b").isInSync, "B takes the mirror once A gave it back")
    }

    @Test func aLongSyncRenewsItsLeaseAndStopsWritingOnceAnotherNodeTookItOver() throws {
        let bench = try MirrorBench()
        let images = try (1...3).map { try bench.image("Image\($0)", path: "image-\($0).iso", seed: UInt64($0)) }
        // A clock that runs 200 s on at every look: the 600 s lease needs renewing within the sync.
        let clock = Clock(start: Date())
        var expiries = Set<Date>()
        let renewed = try bench.sync(
            images, now: { clock.tick(by: 200) },
            progress: { _ in
                if let lease = bench.lease() { expiries.insert(lease.expires) }
            })
        #expect(renewed.isInSync, "\(renewed.summary)")
        #expect(expiries.count > 1, "the lease was renewed during the sync: \(expiries)")

        // Node B takes the mirror over while A uploads its first image (A's lease ran out under it).
        let fresh = try (4...5).map { try bench.image("Image\($0)", path: "image-\($0).iso", seed: UInt64($0)) }
        var tookOver = false
        let lost = try bench.sync(
            fresh,
            progress: { step in
                guard !tookOver, step.bytesDone > 0 else { return }
                tookOver = true
                try? bench.writeLease(holder: "node-b", expires: Date().addingTimeInterval(600))
            })
        guard case .failed(let reason) = lost.outcome else {
            Issue.record("node A went on writing under node B's lease: \(lost.summary)")
            return
        }
        #expect(reason == "lost the lease to node node-b; stopped writing")
        #expect(bench.onMirror(fresh[1].path) == nil, "nothing more is written")
        #expect(bench.lease()?.holder == "node-b", "B's lease is left alone")
    }

    @Test func aMirrorDeletedUnderTheNodeIsRecreatedOnTheNextSync() throws {
        let bench = try MirrorBench()
        let image = try bench.image("Ubuntu", path: "Linux/ubuntu.iso", seed: 1)
        #expect(try bench.sync([image]).isInSync)
        try FileManager.default.removeItem(atPath: bench.mirrorRoot)

        let report = try bench.sync([image])
        #expect(report.isInSync && report.uploaded == [image.path], "\(report.summary)")
        #expect(bench.onMirror(image.path) == bench.inRepository(image.path))
        #expect(try bench.mirrorInventory() == [image])
    }

    @Test func aMirrorWhoseShareIsGoneIsRefusedNotCreatedOnTheLocalDisk() throws {
        let bench = try MirrorBench()
        let image = try bench.image("Ubuntu", path: "ubuntu.iso", seed: 1)
        try FileManager.default.removeItem(atPath: bench.mirrorRoot)
        let unmounted = RemoteLocation("file://" + bench.mirrorRoot + "/isos/")!
        #expect(throws: FetchError.self) { _ = try RemoteAccess().openMirror(unmounted) }
        #expect(!FileManager.default.fileExists(atPath: bench.mirrorRoot))
        _ = image
    }

    @Test func aCancelledSyncLeavesNothingPartialAtALayoutPath() throws {
        let bench = try MirrorBench()
        let image = try bench.image("Ubuntu", path: "ubuntu.iso", seed: 1, size: 16 << 20)
        var sent: Int64 = 0
        let report = try bench.sync(
            [image], progress: { sent = max(sent, $0.bytesDone) }, shouldContinue: { sent == 0 })
        guard case .failed(let reason) = report.outcome else {
            Issue.record("a cancelled sync reported \(report.summary)")
            return
        }
        #expect(reason.contains("cancelled"), "\(reason)")
        #expect(bench.onMirror(image.path) == nil)
        #expect(try bench.mirrorFiles().allSatisfy { !$0.contains(".isofleet-upload-") })
        #expect(try bench.sync([image]).isInSync, "the next sync uploads it")
    }
}

/// A clock for the lease that moves on by a given step at every look.
private final class Clock: @unchecked Sendable {
    // Unchecked: a sync reads it from its one thread only.
    private var now: Date

    init(start: Date) { now = start }

    func tick(by seconds: TimeInterval) -> Date {
        now = now.addingTimeInterval(seconds)
        return now
    }
}
