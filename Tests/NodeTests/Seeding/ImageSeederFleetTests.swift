import Common
import Digest
import Fleet
import Foundation
import Logging
import Node
import NodeFixtures
import Repository
import Swarm
import TestSupport
import Testing

/// A node that joins the fleet after the seeder added its torrents still gets served: the seeder
/// tells every seeded torrent about it (`connect`), without waiting for the joiner to find it.
@Suite(.timeLimit(.minutes(1)))
struct ImageSeederFleetTests {
    @Test func aPeerThatJoinsLaterIsDialledByEverySeededTorrent() async throws {
        let fixture = try CatalogFixture()
        let data = ImageGenerator.bytes(seed: 71, size: 3 << 20)
        let relative = "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"
        try FileManager.default.createDirectory(
            atPath: fixture.repository.absolutePath(of: "Linux/Ubuntu - Server"), withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: fixture.repository.absolutePath(of: relative)))
        _ = try RepositoryScanner(repository: fixture.repository, store: fixture.store).scan()

        let seedingSession = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await seedingSession.start()
        let fleet = DiscoveredFleetMembership(
            discovery: DiscoveryService(
                discovery: FleetDiscovery(providers: []), interval: .seconds(60), logger: Logger(label: "test")),
            ownHosts: ["127.0.0.1"], ownPort: try await seedingSession.listenPort())
        let seeder = ImageSeeder(
            session: seedingSession, store: fixture.store, repository: fixture.repository,
            cache: TorrentCache(directory: fixture.directory.appending("torrents")), fleet: fleet,
            logger: Logger(label: "test"))
        await seeder.refresh()
        #expect(await seeder.seededImages().map(\.path) == [relative])
        let infoHash = try #require(await seeder.infoHash(forPath: relative))
        let torrentFile = try #require(try await seeder.torrentFile(infoHash: infoHash))

        // The joiner knows the torrent but no peer: it cannot start on its own.
        let joiner = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await joiner.start()
        let target = fixture.directory.appending("joiner")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let torrent = try await joiner.add(.torrentFile(Data(torrentFile)), options: AddOptions(savePath: target))
        #expect(try await joiner.status(of: torrent).totalDone == 0)

        // Discovery finds it: the seeder dials it for every seeded torrent.
        fleet.publish([HostPort(host: "127.0.0.1", port: try await joiner.listenPort())])
        await seeder.connect(fleet.current)
        try await joiner.waitUntilFinished(torrent)
        let fetched = try Data(contentsOf: URL(fileURLWithPath: target + "/ubuntu.server-24.04.1.iso"))
        #expect(SHA256.hex(of: fetched) == SHA256.hex(of: data))
        await joiner.shutdown()
        await seedingSession.shutdown()
    }
}
