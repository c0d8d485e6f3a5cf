import Digest
import Fetch
import Foundation
import TestSupport
import Testing

/// The `file://` store (a mounted share) and `ImageFetcher` reading file:// mirrors through it:
/// the same resume, verification and mirror order as HTTP.
@Suite(.timeLimit(.minutes(1)))
struct LocalShareTests {
    @Test func listsUploadsReadsAndRemoves() throws {
        let fixture = try FetchFixture()
        let share = fixture.directory.appending("share")
        try FileManager.default.createDirectory(atPath: share + "/debian", withIntermediateDirectories: true)
        let image = try fixture.image("a.iso", size: 3 << 20 + 5)
        let store = try LocalShare(root: try RemoteLocation(parsing: "file://" + share))

        var reported: [Int64] = []
        try store.upload(from: fixture.root + "/a.iso", to: "ubuntu/24.04/a.iso", sha256: image.sha256) {
            reported.append($0)
            return true
        }
        #expect(reported.last == image.size)
        #expect(contents(share + "/ubuntu/24.04/a.iso") == image.data)
        let listed = try store.listFiles()
        #expect(listed.map(\.path) == ["ubuntu/24.04/a.iso"] && listed.map(\.size) == [image.size])
        #expect(listed.first?.modified != nil)
        #expect(try store.size(of: "ubuntu/24.04/a.iso") == image.size)
        #expect(try store.size(of: "missing.iso") == nil)

        let reader = try store.openForReading("ubuntu/24.04/a.iso")
        var middle = [UInt8](repeating: 0, count: 10)
        let count = try middle.withUnsafeMutableBytes { try reader.read(at: 1_000_000, into: $0) }
        #expect(count == 10 && Data(middle) == image.data.subdata(in: 1_000_000..<1_000_010))

        try store.writeSmallFile("inventory.json", Data("{}".utf8))
        #expect(try store.readSmallFile("inventory.json", maxBytes: 10) == Data("{}".utf8))
        #expect(throws: FetchError.self) { try store.readSmallFile("ubuntu/24.04/a.iso", maxBytes: 10) }

        try store.remove("ubuntu/24.04/a.iso")
        try store.remove("ubuntu/24.04/a.iso")
        #expect(try store.listFiles().map(\.path) == ["inventory.json"])
    }

    @Test func aCancelledUploadLeavesNothingAtTheTarget() throws {
        let fixture = try FetchFixture()
        let share = fixture.directory.appending("share")
        try FileManager.default.createDirectory(atPath: share, withIntermediateDirectories: true)
        let image = try fixture.image("big.iso", size: 9 << 20)
        let store = try LocalShare(root: try RemoteLocation(parsing: "file://" + share))

        let error = #expect(throws: FetchError.self) {
            try store.upload(from: fixture.root + "/big.iso", to: "big.iso", sha256: image.sha256) { $0 < 4 << 20 }
        }
        #expect(error?.code == .cancelled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: share).isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        let error = #expect(throws: FetchError.self) {
            try LocalShare(root: try RemoteLocation(parsing: "file:///nonexistent/isofleet-share/"))
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("file:///nonexistent/isofleet-share/") == true)
    }

    @Test func fetcherResumesAFileMirrorAndVerifiesIt() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("debian.iso", size: 5 << 20 + 7)
        let destination = fixture.incomplete("debian")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try image.data.prefixData(3 << 20 + 1).write(to: URL(fileURLWithPath: destination))
        let mirror = URL(string: "file://" + fixture.root + "/debian.iso")!

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [mirror], destination: destination, expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256 && result.verified)
        #expect(result.resumedFromBytes == 3 << 20 + 1)
        #expect(result.bytesReceived == image.size - (3 << 20 + 1))
        #expect(contents(destination) == image.data)
    }

    @Test func aCorruptMirrorIsRefusedAndTheNextOneServes() async throws {
        let fixture = try FetchFixture()
        let good = try fixture.image("good.iso", size: 2 << 20)
        var bad = good.data
        bad[12345] ^= 0xFF
        try bad.write(to: URL(fileURLWithPath: fixture.root + "/bad.iso"))
        let destination = fixture.incomplete("good")

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [
                    URL(string: "file://" + fixture.root + "/bad.iso")!,
                    URL(string: "file://" + fixture.root + "/missing.iso")!,
                    URL(string: "file://" + fixture.root + "/good.iso")!,
                ], destination: destination, expectedSize: good.size, expectedSHA256: good.sha256))

        #expect(result.sha256 == good.sha256)
        #expect(result.mirror?.lastPathComponent == "good.iso")
        #expect(result.failures.map(\.code) == [.checksumMismatch, .notFound])
        #expect(result.failures[1].message.contains("missing.iso"))
    }

    @Test func aFileOfTheWrongSizeIsNeverKept() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("short.iso", size: 1 << 20)
        let destination = fixture.incomplete("short")

        let error = await fetchError {
            try await FetchFixture.fetcher().fetch(
                FetchRequest(
                    mirrors: [URL(string: "file://" + fixture.root + "/short.iso")!], destination: destination,
                    expectedSize: image.size + 1))
        }
        #expect(error?.code == .allMirrorsFailed)
        #expect(error?.failures.first?.code == .sizeMismatch)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }
}
