import Foundation
import Swarm
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TransferTests {
    @Test func leecherFetchesFromSeederByMagnetAndKnownPeer() async throws {
        let directory = try TemporaryDirectory(prefix: "transfer")
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(in: directory, size: 6 << 20 + 12345)
        let leecher = try await SwarmTestSupport.session()
        let seederAddress = try await SwarmTestSupport.address(of: seeder)
        var options = AddOptions(savePath: directory.appending("leech"))
        options.peers = [seederAddress]
        let id = try await leecher.add(.magnet(torrent.magnet()), options: options)
        try await SwarmTestSupport.waitUntilFinished(leecher, id)

        let status = try await leecher.status(of: id)
        #expect(status.name == "image.iso")
        #expect(status.totalSize == 6 << 20 + 12345)
        #expect(status.payloadDownloaded >= status.totalSize)
        #expect(status.infoHashes?.matches(torrent.infoHashes) == true)
        let copy = directory.appending("leech/image.iso")
        #expect(try SwarmTestSupport.sha256(copy) == SwarmTestSupport.sha256(original))
        await leecher.shutdown()
        await seeder.shutdown()
        #expect(await leecher.lifecycle == .stopped)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct SwarmOfThreeTests {
    /// The seeder's upload is capped so that the leechers must also trade pieces with each other:
    /// alone it would need ~14 s to send the image twice, so each leecher gets pieces it lacks
    /// from the other long before the seeder could send them.
    @Test func twoLeechersFetchFromTheSeederAndFromEachOther() async throws {
        let directory = try TemporaryDirectory(prefix: "three")
        let size = 4 << 20
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(
            in: directory, size: size, seed: 2, pieceSize: 32 << 10, uploadLimit: 600_000)
        let first = try await SwarmTestSupport.session()
        let second = try await SwarmTestSupport.session()
        let seederAddress = try await SwarmTestSupport.address(of: seeder)
        let firstAddress = try await SwarmTestSupport.address(of: first)
        let secondAddress = try await SwarmTestSupport.address(of: second)

        var firstOptions = AddOptions(savePath: directory.appending("first"))
        firstOptions.peers = [seederAddress, secondAddress]
        var secondOptions = AddOptions(savePath: directory.appending("second"))
        secondOptions.peers = [seederAddress, firstAddress]
        let firstID = try await first.add(.magnet(torrent.magnet()), options: firstOptions)
        let secondID = try await second.add(.torrentFile(torrent.data), options: secondOptions)
        async let firstDone: Void = SwarmTestSupport.waitUntilFinished(first, firstID)
        async let secondDone: Void = SwarmTestSupport.waitUntilFinished(second, secondID)
        _ = try await (firstDone, secondDone)

        let digest = try SwarmTestSupport.sha256(original)
        #expect(try SwarmTestSupport.sha256(directory.appending("first/image.iso")) == digest)
        #expect(try SwarmTestSupport.sha256(directory.appending("second/image.iso")) == digest)
        let uploadedBetweenLeechers =
            try await first.status(of: firstID).payloadUploaded
            + second.status(of: secondID).payloadUploaded
        #expect(uploadedBetweenLeechers > 0, "the leechers traded pieces with each other")
        for session in [first, second, seeder] { await session.shutdown() }
    }
}
