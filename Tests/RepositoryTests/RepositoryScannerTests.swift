import Common
import Digest
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

struct RepositoryScannerTests {
    @Test func scanAddsParseableISOFilesAndReportsTheRest() throws {
        let fixture = try CatalogFixture()
        let ubuntu = try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        let debian = try fixture.writeImage("Linux/Debian - Netinst/debian.netinst-12.5.0.iso", seed: 2)
        let freebsd = try fixture.writeImage("bsd/FreeBSD-14.0-RELEASE-amd64-disc1.ISO", seed: 3)
        try fixture.writeImage("notes-about-things.iso", seed: 4)
        try fixture.writeImage("readme.txt", seed: 5)
        try fixture.writeImage("incomplete/ubuntu-24.04-live-server-amd64.iso", seed: 6)
        try fixture.writeImage("Linux/.ubuntu.server-24.04.iso.partial-1-2", seed: 7)
        try fixture.writeImage("Linux/.hidden-ubuntu-24.04-live-server-amd64.iso", seed: 8)

        let report = try fixture.scanner().scan()

        let added = Dictionary(uniqueKeysWithValues: report.added.map { ($0.path, $0) })
        #expect(
            Set(added.keys) == [
                "ubuntu-22.04.3-live-server-amd64.iso", "Linux/Debian - Netinst/debian.netinst-12.5.0.iso",
                "bsd/FreeBSD-14.0-RELEASE-amd64-disc1.ISO",
            ])
        #expect(added["ubuntu-22.04.3-live-server-amd64.iso"]?.sha256 == ubuntu)
        #expect(added["Linux/Debian - Netinst/debian.netinst-12.5.0.iso"]?.sha256 == debian)
        #expect(added["bsd/FreeBSD-14.0-RELEASE-amd64-disc1.ISO"]?.sha256 == freebsd)
        #expect(
            added["ubuntu-22.04.3-live-server-amd64.iso"]?.identity
                == ImageIdentity(
                    family: "Linux", name: "Ubuntu", flavor: "Server",
                    version: Version(major: "22", minor: "04", patch: "3"), arch: "amd64"))
        #expect(added["Linux/Debian - Netinst/debian.netinst-12.5.0.iso"]?.identity.name == "Debian")
        #expect(report.added.allSatisfy { $0.source == .scan && $0.id != nil && $0.size == 256 * 1024 })
        #expect(report.unparseable.map(\.path) == ["notes-about-things.iso"])
        #expect(report.skipped.map(\.path) == ["Linux/.hidden-ubuntu-24.04-live-server-amd64.iso"])
        #expect(report.hashedFiles == 3)
        #expect(fixture.takeHashCount() == 3)
        #expect(try fixture.store.images().count == 3)
        #expect(try fixture.inventory().map(\.path).sorted() == Set(added.keys).sorted())
    }

    @Test func unchangedFilesAreNotHashedAgain() throws {
        let fixture = try CatalogFixture()
        let path = "ubuntu-22.04.3-live-server-amd64.iso"
        let original = try fixture.writeImage(path, seed: 1)
        try fixture.writeImage("debian-12.5.0-amd64-netinst.iso", seed: 2)
        _ = try fixture.scanner().scan()
        #expect(fixture.takeHashCount() == 2)

        let second = try fixture.scanner().scan()
        #expect(fixture.takeHashCount() == 0)
        #expect(second.cachedFiles == 2)
        #expect(second.unchanged == 2)
        #expect(second.added.isEmpty && second.updated.isEmpty)

        // Different bytes, same size and mtime: the cache is trusted, so the stored checksum stays.
        let absolute = fixture.repository.absolutePath(of: path)
        let stamp = try fileStamp(absolute)
        try ImageGenerator.write(to: absolute, seed: 99, size: 256 * 1024)
        try setModificationTime(absolute, nanoseconds: stamp.mtime)
        _ = try fixture.scanner().scan()
        #expect(fixture.takeHashCount() == 0)
        #expect(try fixture.store.image(path: path)?.sha256 == original)

        // A new mtime invalidates the cache: the file is rehashed and the checksum updated.
        try setModificationTime(absolute, nanoseconds: stamp.mtime + 1_000_000_000)
        let fourth = try fixture.scanner().scan()
        #expect(fixture.takeHashCount() == 1)
        #expect(fourth.updated.map(\.path) == [path])
        let rehashed = SHA256.hex(of: ImageGenerator.bytes(seed: 99, size: 256 * 1024))
        #expect(try fixture.store.image(path: path)?.sha256 == rehashed)
        #expect(try fixture.inventory().first { $0.path == path }?.sha256 == rehashed)
    }

    @Test func vanishedFilesAreMarkedMissingAndComeBack() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try fixture.writeImage("debian-12.5.0-amd64-netinst.iso", seed: 2)
        _ = try fixture.scanner().scan()
        let absolute = fixture.repository.absolutePath(of: "debian-12.5.0-amd64-netinst.iso")
        let stamp = try fileStamp(absolute)
        try FileManager.default.removeItem(atPath: absolute)

        let report = try fixture.scanner().scan()
        #expect(report.missing.map(\.path) == ["debian-12.5.0-amd64-netinst.iso"])
        #expect(try fixture.store.image(path: "debian-12.5.0-amd64-netinst.iso")?.state == .missing)
        #expect(try fixture.inventory().map(\.path) == ["ubuntu-22.04.3-live-server-amd64.iso"])
        #expect(try fixture.scanner().scan().missing.isEmpty, "already missing images are not reported again")

        try fixture.writeImage("debian-12.5.0-amd64-netinst.iso", seed: 2)
        try setModificationTime(absolute, nanoseconds: stamp.mtime)
        let back = try fixture.scanner().scan()
        #expect(back.updated.map(\.path) == ["debian-12.5.0-amd64-netinst.iso"])
        #expect(try fixture.store.image(path: "debian-12.5.0-amd64-netinst.iso")?.state == .present)
        #expect(try fixture.inventory().count == 2)
    }

    @Test func aMovedFileKeepsItsCatalogEntry() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        let first = try #require(try fixture.scanner().scan().added.first)
        try FileManager.default.createDirectory(
            atPath: fixture.repository.absolutePath(of: "archive"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: fixture.repository.absolutePath(of: "ubuntu-22.04.3-live-server-amd64.iso"),
            toPath: fixture.repository.absolutePath(of: "archive/ubuntu-22.04.3-live-server-amd64.iso"))

        let report = try fixture.scanner().scan()
        #expect(report.added.isEmpty)
        #expect(report.missing.isEmpty)
        #expect(report.updated.map(\.path) == ["archive/ubuntu-22.04.3-live-server-amd64.iso"])
        let images = try fixture.store.images()
        #expect(images.map(\.id) == [first.id])
        #expect(images.first?.added == first.added)
    }

    @Test func aSecondFileWithAHeldIdentityIsReportedNotAdded() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("a/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try fixture.writeImage("b/ubuntu-22.04.3-live-server-amd64.iso", seed: 2)
        let report = try fixture.scanner().scan()
        #expect(report.added.map(\.path) == ["a/ubuntu-22.04.3-live-server-amd64.iso"])
        #expect(report.duplicates.map(\.path) == ["b/ubuntu-22.04.3-live-server-amd64.iso"])
        #expect(report.duplicates.first?.reason.contains("a/ubuntu-22.04.3-live-server-amd64.iso") == true)
    }

    @Test func aSubdirectoryScanOnlyTouchesItsOwnImages() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("one/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try fixture.writeImage("two/debian-12.5.0-amd64-netinst.iso", seed: 2)
        _ = try fixture.scanner().scan()
        try FileManager.default.removeItem(
            atPath: fixture.repository.absolutePath(of: "one/ubuntu-22.04.3-live-server-amd64.iso"))
        let report = try fixture.scanner().scan(directory: fixture.repository.absolutePath(of: "two"))
        #expect(report.missing.isEmpty, "a scan of two/ says nothing about one/")
        #expect(report.unchanged == 1)
    }

    @Test func aDirectoryOutsideTheRepositoryIsInvalidInput() throws {
        let fixture = try CatalogFixture()
        let error = try #require(throws: CatalogError.self) {
            try fixture.scanner().scan(directory: fixture.directory.path)
        }
        #expect(error.code == .invalidInput)
        #expect(error.message.contains("outside the repository"))
    }

    @Test func progressReportsTheBytesHashed() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1, size: 9 << 20)
        let seen = Locked<[ScanProgress]>([])
        _ = try fixture.scanner().scan { progress in seen.withLock { $0.append(progress) } }
        let updates = seen.withLock { $0 }
        #expect(updates.count >= 3)
        #expect(updates.last?.bytesHashed == 9 << 20)
        #expect(updates.allSatisfy { $0.bytesToHash == 9 << 20 && $0.filesTotal == 1 })
    }
}

/// A value behind a lock, for callbacks that collect results.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
