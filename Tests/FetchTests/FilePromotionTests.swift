import Fetch
import Foundation
import TestSupport
import Testing

/// The incomplete file only reaches its final path through `FilePromotion`, whole.
@Suite(.timeLimit(.minutes(1)))
struct FilePromotionTests {
    @Test func failedFetchLeavesNothingAtTheFinalPathAndSuccessIsPromoted() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("final.iso", size: 1 << 20)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("final")
        let final = fixture.directory.appending("repo/Linux/Ubuntu - Server/ubuntu.server-24.04.iso")

        let error = await fetchError {
            try await FetchFixture.fetcher(attempts: 1).fetch(
                FetchRequest(
                    mirrors: [server.url("cut-400000-1/final.iso")], destination: destination, expectedSize: image.size)
            )
        }
        #expect(error?.failures.map(\.code) == [.network])
        #expect(!FileManager.default.fileExists(atPath: final))
        #expect(contents(destination)?.count == 400_000)

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [server.url("cut-400000-1/final.iso")], destination: destination,
                expectedSize: image.size, expectedSHA256: image.sha256))
        #expect(result.resumedFromBytes == 400_000)
        try FilePromotion.promote(incomplete: destination, to: final)

        #expect(contents(final) == image.data)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func promotionReplacesAnOlderFile() throws {
        let directory = try TemporaryDirectory(prefix: "promote")
        let incomplete = directory.appending("incomplete/a.part")
        let final = directory.appending("repo/a.iso")
        try FileManager.default.createDirectory(
            atPath: directory.appending("incomplete"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.appending("repo"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: final))
        try Data("new".utf8).write(to: URL(fileURLWithPath: incomplete))

        try FilePromotion.promote(incomplete: incomplete, to: final)

        #expect(contents(final) == Data("new".utf8))
        #expect(!FileManager.default.fileExists(atPath: incomplete))
    }

    @Test func promotionAcrossFileSystemsCopiesThenRenames() throws {
        // /dev/shm is a tmpfs; the temporary directory is on the root file system.
        let shm = "/dev/shm/isofleet-promote-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: shm, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: shm) }
        let directory = try TemporaryDirectory(prefix: "promote")
        let data = ImageGenerator.bytes(seed: 3, size: 5 << 20)
        let incomplete = shm + "/b.part"
        try data.write(to: URL(fileURLWithPath: incomplete))
        let final = directory.appending("repo/b.iso")

        try FilePromotion.promote(incomplete: incomplete, to: final)

        #expect(contents(final) == data)
        #expect(!FileManager.default.fileExists(atPath: incomplete))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appending("repo"))
        #expect(leftovers == ["b.iso"])
    }

    @Test func promotionByLinkKeepsTheIncompleteNameAndNeverReplaces() throws {
        let directory = try TemporaryDirectory(prefix: "promote")
        let incomplete = directory.appending("c.part")
        let data = ImageGenerator.bytes(seed: 4, size: 1 << 20)
        try data.write(to: URL(fileURLWithPath: incomplete))
        let final = directory.appending("repo/c.iso")

        try FilePromotion.promote(linking: incomplete, to: final)

        #expect(contents(final) == data)
        var info = stat()
        #expect(stat(final, &info) == 0 && info.st_nlink == 2)
        #expect(contents(incomplete) == data)
        #expect(throws: FetchError.self) { try FilePromotion.promote(linking: incomplete, to: final) }
    }

    @Test func promotionByLinkAcrossFileSystemsCopies() throws {
        let shm = "/dev/shm/isofleet-promote-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: shm, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: shm) }
        let directory = try TemporaryDirectory(prefix: "promote")
        let data = ImageGenerator.bytes(seed: 5, size: 3 << 20)
        let incomplete = shm + "/d.part"
        try data.write(to: URL(fileURLWithPath: incomplete))
        let final = directory.appending("repo/d.iso")

        try FilePromotion.promote(linking: incomplete, to: final)

        #expect(contents(final) == data)
        #expect(contents(incomplete) == data)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appending("repo"))
        #expect(leftovers == ["d.iso"])
    }

    @Test func missingIncompleteFileIsAnIOError() throws {
        let directory = try TemporaryDirectory(prefix: "promote")
        #expect(throws: FetchError.self) {
            try FilePromotion.promote(incomplete: directory.appending("none.part"), to: directory.appending("x.iso"))
        }
    }
}
