import Acquisition
import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import Node
import NodeFixtures
import Repository
import Swarm
import TestSupport
import Testing

/// Swarm first: a fleet peer holding the image serves it without the origin; a swarm that makes no
/// progress hands over to the origin; a node that finishes stays in the swarm while a peer still
/// downloads (handover), for a bounded time.
@Suite(.timeLimit(.minutes(1)))
struct SwarmAcquirerTests {
    static func session(resume: String? = nil) async throws -> SwarmSession {
        let session = SwarmSession(
            settings: SwarmSettings(listen: "127.0.0.1:0"), resumeStore: resume.map { ResumeStore(directory: $0) })
        try await session.start()
        return session
    }

    /// The image's deterministic torrent, written next to it in the origin (served by nginx).
    static func torrent(for image: OriginFixture.Image, in fixture: OriginFixture) throws -> CreatedTorrent {
        let created = try TorrentCreator.create(file: fixture.originRoot + "/" + image.fileName, pieceSize: 64 << 10)
        try created.data.write(to: URL(fileURLWithPath: fixture.originRoot + "/" + image.fileName + ".torrent"))
        return created
    }

    /// A session seeding `created` from the origin directory.
    static func seeder(_ created: CreatedTorrent, in fixture: OriginFixture) async throws -> SwarmSession {
        let seeder = try await session()
        var seeding = AddOptions(savePath: fixture.originRoot)
        seeding.seedMode = true
        _ = try await seeder.add(.torrentFile(created.data), options: seeding)
        return seeder
    }

    /// An update run over the fixture: HTTP, then `swarm`, with `fleet` as the fleet.
    static func runner(_ fixture: OriginFixture, swarm: SwarmAcquirer, fleet: some FleetMembership) -> UpdateRunner {
        UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(), acquirers: [HTTPAcquirer(), swarm], fleet: fleet)
    }

    @Test func aFleetPeerHoldingTheImageServesItWithoutTheOrigin() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4 << 20)
        let seeder = try await Self.seeder(try Self.torrent(for: image, in: fixture), in: fixture)
        let peer = "127.0.0.1:\(try await seeder.listenPort())"
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) {
            [nginx.url($0.fileName)]
        }
        try fixture.select("Linux/Ubuntu/Server@22.04")

        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let fleet = StaticFleetMembership(peers: [peer])
        let runner = Self.runner(
            fixture, swarm: SwarmAcquirer(session: leecher, fleet: fleet, stallTimeout: .seconds(20)), fleet: fleet)
        let report = try await runner.run()
        await leecher.shutdown()
        await seeder.shutdown()

        let fetched = try #require(report.fetched.first, "\(report.failed)")
        #expect(fetched.kind == .swarm && fetched.verified)
        #expect(fetched.bytesFromOrigin == 0 && fetched.bytesFromSwarm >= image.size)
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == 0)
        #expect(nginx.requests(for: "/" + image.fileName + ".torrent").count == 1)
        let placed = try #require(
            FileManager.default.contents(atPath: fixture.repositoryFile(try fixture.layoutPath(image))))
        #expect(SHA256.hex(of: placed) == image.sha256)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
    }

    @Test func aStalledSwarmHandsOverToTheOrigin() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        _ = try Self.torrent(for: image, in: fixture)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) {
            [nginx.url($0.fileName)]
        }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let deadPeer = "127.0.0.1:\(try FreePort.next())"  // a fleet peer that is down

        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let runner = UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(),
            acquirers: [
                HTTPAcquirer(),
                SwarmAcquirer(
                    session: leecher, fleet: StaticFleetMembership(peers: [deadPeer]), originPieces: false,
                    stallTimeout: .seconds(1),
                    pollInterval: .milliseconds(100)),
            ],
            fleet: StaticFleetMembership(peers: [deadPeer]))
        let report = try await runner.run()
        await leecher.shutdown()

        let fetched = try #require(report.fetched.first, "\(report.failed)")
        #expect(fetched.kind == .http && fetched.bytesFromOrigin == image.size)
        #expect(fetched.notes.contains { $0.contains("no progress") })
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == image.size)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
    }

    @Test func aMagnetWhoseMetadataNeverArrivesHandsOverToTheOrigin() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let nginx = try await fixture.nginx()
        let deadPeer = "127.0.0.1:\(try FreePort.next())"
        let magnet = "magnet:?xt=urn:btih:\(String(repeating: "ab", count: 20))&dn=\(image.fileName)"
        try fixture.writeManifestText(
            """
            {"format": "isofleet-manifest/1", "images": [{"family": "Linux", "name": "Ubuntu", "flavor": "Server",
             "version": {"major": "22", "minor": "04", "patch": "3"}, "sha256": "\(image.sha256)", "size": \(image.size),
             "sources": {"magnet": "\(magnet)", "http": ["\(nginx.url(image.fileName).absoluteString)"]}}]}
            """)
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let runner = UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(),
            acquirers: [
                HTTPAcquirer(),
                SwarmAcquirer(
                    session: leecher, fleet: StaticFleetMembership(peers: [deadPeer]), originPieces: false,
                    stallTimeout: .seconds(1),
                    pollInterval: .milliseconds(100)),
            ],
            fleet: StaticFleetMembership(peers: [deadPeer]))
        let report = try await runner.run()
        await leecher.shutdown()
        let fetched = try #require(report.fetched.first, "\(report.failed)")
        #expect(fetched.kind == .http)
        #expect(fetched.notes.contains { $0.contains("no metadata") })
    }

    /// What ``handover(_:slowRate:)`` saw.
    struct HandoverRun {
        var report: UpdateReport
        /// Whether the image was at its layout path, and the slow peer whole, when the run returned.
        var placedAtReturn: Bool
        var slowDoneAtReturn: Bool
        /// How long the handover lasted after the run returned.
        var handoverTime: Duration
        /// Whether the slow peer was whole when the handover ended.
        var slowDone: Bool
        /// Whether the download directory and the torrent were gone after the handover.
        var cleanedUp: Bool
    }

    /// A fleet of three: a seeder, this node, and a peer whose downloads are capped at `slowRate`
    /// bytes per second. The update returns once the image is placed; the handover goes on.
    static func handover(_ handover: Duration, slowRate: Int) async throws -> HandoverRun {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 21, size: 2 << 20)
        let created = try Self.torrent(for: image, in: fixture)
        let seeder = try await Self.seeder(created, in: fixture)
        var slowSettings = SwarmSettings(listen: "127.0.0.1:0")
        slowSettings.downloadRateLimit = slowRate
        let slow = SwarmSession(settings: slowSettings)
        try await slow.start()
        let slowTorrent = try await slow.add(
            .torrentFile(created.data), options: AddOptions(savePath: fixture.directory.appending("slow")))
        let fleet = StaticFleetMembership(peers: [
            "127.0.0.1:\(try await seeder.listenPort())", "127.0.0.1:\(try await slow.listenPort())",
        ])
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) {
            [nginx.url($0.fileName)]
        }
        try fixture.select("Linux/Ubuntu/Server@22.04")

        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let handovers = SwarmHandover(handover: handover)
        let runner = Self.runner(
            fixture, swarm: SwarmAcquirer(session: leecher, fleet: fleet, originPieces: false, handovers: handovers),
            fleet: fleet)
        let report = try await runner.run()
        let placed = report.fetched.first.map { fixture.repository.absolutePath(of: $0.path) }
        let placedAtReturn = placed.map { FileManager.default.fileExists(atPath: $0) } ?? false
        let slowDoneAtReturn = try await slow.status(of: slowTorrent).isSeeding
        let started = ContinuousClock.now
        await handovers.waitForAll()
        let handoverTime = ContinuousClock.now - started
        let slowDone = try await slow.status(of: slowTorrent).isSeeding
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete)
        // The session takes the same torrent again only when the handover removed it.
        let readded = try? await leecher.add(
            .torrentFile(created.data), options: AddOptions(savePath: fixture.directory.appending("again")))
        let cleanedUp = leftovers.isEmpty && readded != nil
        await leecher.shutdown()
        await slow.shutdown()
        await seeder.shutdown()
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == 0)
        return HandoverRun(
            report: report, placedAtReturn: placedAtReturn, slowDoneAtReturn: slowDoneAtReturn,
            handoverTime: handoverTime, slowDone: slowDone, cleanedUp: cleanedUp)
    }

    @Test func aFinishedNodeIsPlacedAtOnceAndStaysInTheSwarmUntilItsPeersHaveTheImage() async throws {
        // 2 MiB at 512 KiB/s: the slow peer needs about 4 s, this node well under 1 s.
        let run = try await Self.handover(.seconds(40), slowRate: 512 << 10)
        let fetched = try #require(run.report.fetched.first, "\(run.report.failed)")
        #expect(fetched.kind == .swarm && fetched.verified)
        #expect(run.placedAtReturn, "the image waited for the handover to be placed")
        #expect(!run.slowDoneAtReturn, "the slow peer was whole before this node finished: nothing was handed over")
        #expect(run.slowDone, "the handover ended while a fleet peer still lacked pieces")
        #expect(run.handoverTime < .seconds(40))
        #expect(run.cleanedUp, "the download directory or its torrent outlived the handover")
    }

    @Test func theHandoverEndsAtItsLimit() async throws {
        // At 16 KiB/s the slow peer would need two minutes; this node waits one second for it.
        let run = try await Self.handover(.seconds(1), slowRate: 16 << 10)
        #expect(try #require(run.report.fetched.first, "\(run.report.failed)").kind == .swarm)
        #expect(run.placedAtReturn)
        #expect(!run.slowDone)
        #expect(run.handoverTime < .seconds(15))
        #expect(run.cleanedUp)
    }

    @Test func aHandoverLeftByAStoppedProcessIsRemovedAndAPartialDownloadKept() throws {
        let directory = try TemporaryDirectory(prefix: "handover-leftovers")
        let incomplete = directory.appending("incomplete")
        let placed = directory.appending("repo/a.iso")
        try FileManager.default.createDirectory(atPath: incomplete + "/a.part.swarm", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: incomplete + "/b.part.swarm", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.appending("repo"), withIntermediateDirectories: true)
        try Data("whole".utf8).write(to: URL(fileURLWithPath: incomplete + "/a.part.swarm/a.iso"))
        try Data("part".utf8).write(to: URL(fileURLWithPath: incomplete + "/b.part.swarm/b.iso"))
        try FilePromotion.promote(linking: incomplete + "/a.part.swarm/a.iso", to: placed)

        #expect(SwarmHandover.removeLeftovers(in: incomplete) == [incomplete + "/a.part.swarm"])
        #expect(FileManager.default.contents(atPath: placed) == Data("whole".utf8))
        #expect(FileManager.default.fileExists(atPath: incomplete + "/b.part.swarm/b.iso"))
    }
}
