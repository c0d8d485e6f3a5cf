import Acquisition
import Common
import Foundation
import ISOCatalog
import Node
import NodeFixtures
import Swarm
import TestSupport
import Testing

/// Issue 15, item 7 over the swarm: a torrent whose size is not the manifest's is given up as soon
/// as its metadata is known, before any of its bytes are downloaded.
@Suite(.timeLimit(.minutes(1)))
struct SwarmSizeBoundTests {
    @Test func item7_aTorrentOfAnotherSizeThanTheManifestsIsNotDownloaded() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4 << 20)
        let created = try SwarmAcquirerTests.torrent(for: image, in: fixture)
        let seeder = try await SwarmAcquirerTests.seeder(created, in: fixture)
        let peer = "127.0.0.1:\(try await seeder.listenPort())"
        let nginx = try await fixture.nginx()
        // The manifest announces a smaller image than the torrent holds.
        let claimed = image.size / 2
        let entry: [String: Any] = [
            "family": "Linux", "name": "Ubuntu", "flavor": "Server",
            "version": ["major": "22", "minor": "04", "patch": "3"], "file_name": image.fileName, "size": claimed,
            "sha256": image.sha256,
            "sources": [
                "http": [nginx.url(image.fileName).absoluteString],
                "torrent": nginx.url(image.fileName + ".torrent").absoluteString,
            ],
        ]
        let manifest = try JSONSerialization.data(
            withJSONObject: ["format": "isofleet-manifest/1", "images": [entry]], options: [.sortedKeys])
        try fixture.writeManifestText(String(decoding: manifest, as: UTF8.self))
        try fixture.select("Linux/Ubuntu/Server@22.04")

        let leecher = try await SwarmAcquirerTests.session()
        let fleet = StaticFleetMembership(peers: [peer])
        let runner = SwarmAcquirerTests.runner(
            fixture, swarm: SwarmAcquirer(session: leecher, fleet: fleet, stallTimeout: .seconds(20)), fleet: fleet)
        let report = try await runner.run()
        await leecher.shutdown()
        await seeder.shutdown()

        let failed = try #require(report.failed.first, "\(report.fetched)")
        #expect(failed.reason.contains("the torrent holds \(image.size) bytes, the manifest says \(claimed)"))
        #expect(report.fetched.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(image))))
    }
}
