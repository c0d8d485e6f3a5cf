import Acquisition
import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import TestSupport
import Testing

/// Remote-storage sources through `StorageAcquirer`: file:// shares below the allowed roots
/// only, verified while copying, after HTTP in the policy's order.
@Suite(.timeLimit(.minutes(1)))
struct StorageAcquirerTests {
    static let identity = ImageIdentity(
        family: "Linux", name: "Debian", flavor: "Netinst", version: Version(major: "12"))

    @Test func acquiresFromAMountedShareBelowAnAllowedRoot() async throws {
        let directory = try TemporaryDirectory(prefix: "storage-acquirer")
        let share = directory.appending("share")
        try FileManager.default.createDirectory(atPath: share + "/debian", withIntermediateDirectories: true)
        let data = ImageGenerator.bytes(seed: 7, size: 3 << 20 + 11)
        try data.write(to: URL(fileURLWithPath: share + "/debian/netinst.iso"))
        let image = ManifestImage(
            identity: Self.identity, size: Int64(data.count), sha256: SHA256.hex(of: data),
            sources: ImageSources(file: ["file://" + share + "/debian/netinst.iso"]))
        let acquirer = StorageAcquirer(fetcher: ImageFetcher(), allowedFileRoots: [share])
        let destination = directory.appending("netinst.part")

        #expect(acquirer.canAcquire(image))
        let acquired = try await acquirer.acquire(image, into: destination) { _ in }

        #expect(acquired.verified && acquired.sha256 == image.sha256)
        #expect(acquired.source == "file://" + share + "/debian/netinst.iso")
        #expect(acquired.bytesFromOrigin == Int64(data.count))
        #expect(FileManager.default.contents(atPath: destination) == data)
    }

    @Test func refusesAFileSourceOutsideTheAllowedRoots() async throws {
        let directory = try TemporaryDirectory(prefix: "storage-acquirer")
        let image = ManifestImage(
            identity: Self.identity, sources: ImageSources(file: ["file:///etc/../etc/passwd"]))
        let acquirer = StorageAcquirer(fetcher: ImageFetcher(), allowedFileRoots: [directory.path])

        #expect(!acquirer.canAcquire(image))
        let error = await #expect(throws: AcquisitionError.self) {
            try await acquirer.acquire(image, into: directory.appending("x.part")) { _ in }
        }
        #expect(error?.message.contains("outside import.roots") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.appending("x.part")))
    }

    @Test func comesAfterHTTPAndNamesItsFirstSource() {
        let image = ManifestImage(
            identity: Self.identity,
            sources: ImageSources(http: ["http://o/n.iso"], smb: ["smb://f/isos/n.iso"], nfs: ["nfs://f/e/n.iso"]))
        let acquirers: [any ImageAcquirer] = [HTTPAcquirer(), StorageAcquirer(fetcher: ImageFetcher())]
        let policy = AcquisitionPolicy(fleetPeerCount: 0)
        #expect(policy.order(for: image, among: acquirers).map(\.kind) == [.http, .storage])
        #expect(policy.firstSource(for: image, among: acquirers) == .http)
        let storageOnly = ManifestImage(identity: Self.identity, sources: ImageSources(nfs: ["nfs://f/e/n.iso"]))
        #expect(policy.order(for: storageOnly, among: acquirers).map(\.kind) == [.storage])
        #expect(policy.firstSource(for: storageOnly, among: acquirers) == .nfs)
    }
}
