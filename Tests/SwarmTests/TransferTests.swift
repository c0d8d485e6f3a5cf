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
