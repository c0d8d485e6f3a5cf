import Foundation
import ISOCatalog
import Repository
import TestSupport
import Testing

/// Issue 12, faults: a mirror on a small tmpfs fills up mid-upload. The image that does not fit
/// fails alone with the reason, nothing partial is left at its layout path, the others land, the
/// repository is untouched, and the next sync after space returns converges.
@Suite(.timeLimit(.minutes(1)))
struct MirrorFullTests {
    @Test func aFullMirrorFailsTheImageThatDoesNotFitAndTheNextSyncConverges() throws {
        let bench = try MirrorBench()
        let images = try [
            bench.image("Debian", path: "a/debian.iso", seed: 1, size: 2 << 20),
            bench.image("Fedora", path: "b/fedora.iso", seed: 2, size: 2 << 20),
            bench.image("Ubuntu", path: "c/ubuntu.iso", seed: 3, size: 2 << 20),
        ]
        let repositoryBefore = images.map { bench.inRepository($0.path) }
        // Room for two of the three images and the small records, not for the third.
        defer { withExtendedLifetime(bench) {} }
        let tmpfs = try TmpfsMount(at: bench.mirrorRoot, bytes: 5 << 20)
        defer { tmpfs.unmount() }

        let first = try bench.sync(images)
        #expect(first.uploaded == [images[0].path, images[1].path], "\(first.summary)")
        let failure = try #require(first.failures.first)
        #expect(first.failures.count == 1)
        #expect(failure.path == images[2].path)
        #expect(failure.reason.contains("No space left on device"), "\(failure.reason)")
        #expect(first.summary.contains("1 failure"), "\(first.summary)")
        #expect(bench.onMirror(images[2].path) == nil, "nothing partial at the layout path")
        #expect(try bench.mirrorFiles().allSatisfy { !$0.contains(".isofleet-upload-") }, "no temporary file left")
        #expect(try bench.mirrorInventory().map(\.path) == [images[0].path, images[1].path])
        #expect(images.map { bench.inRepository($0.path) } == repositoryBefore, "the repository is untouched")

        try tmpfs.resize(bytes: 16 << 20)
        let second = try bench.sync(images)
        #expect(second.isInSync && second.uploaded == [images[2].path], "\(second.summary)")
        for image in images { #expect(bench.onMirror(image.path) == bench.inRepository(image.path)) }
        #expect(try bench.mirrorInventory() == InventoryCoding.sorted(images))
    }
}
