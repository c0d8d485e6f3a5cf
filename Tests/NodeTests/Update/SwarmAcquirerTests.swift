import Digest
import Foundation
import ISOCatalog
import Node
import Swarm
import TestSupport
import Testing

/// Swarm first: a fleet peer holding the image serves it without the origin; a swarm that makes no
/// progress hands over to the origin.
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

    @Test func aFleetPeerHoldingTheImageServesItWithoutTheOrigin() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4 << 20)
        let created = try Self.torrent(for: image, in: fixture)
        let seeder = try await Self.session()
        var seeding = AddOptions(savePath: fixture.originRoot)
        seeding.seedMode = true
        _ = try await seeder.add(.torrentFile(created.data), options: seeding)
        let peer = "127.0.0.1:\(try await seeder.listenPort())"
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")

        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let runner = UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(),
            acquirers: [HTTPAcquirer(), SwarmAcquirer(session: leecher, fleet: StaticFleetMembership(peers: [peer]), stallTimeout: .seconds(20))],
            fleet: StaticFleetMembership(peers: [peer]))
        let report = try await runner.run()
        await leecher.shutdown()
        await seeder.shutdown()

        let fetched = try #require(report.fetched.first, "\(report.failed)")
        #expect(fetched.kind == .swarm && fetched.verified)
        #expect(fetched.bytesFromOrigin == 0 && fetched.bytesFromSwarm >= image.size)
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == 0)
        #expect(nginx.requests(for: "/" + image.fileName + ".torrent").count == 1)
        let placed = try #require(FileManager.default.contents(atPath: fixture.repositoryFile(try fixture.layoutPath(image))))
        #expect(SHA256.hex(of: placed) == image.sha256)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
    }

    @Test func aStalledSwarmHandsOverToTheOrigin() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        _ = try Self.torrent(for: image, in: fixture)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let deadPeer = "127.0.0.1:\(try FreePort.next())"   // a fleet peer that is down

        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let runner = UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(),
            acquirers: [HTTPAcquirer(), SwarmAcquirer(session: leecher, fleet: StaticFleetMembership(peers: [deadPeer]), originPieces: false, stallTimeout: .seconds(1),
                                                      pollInterval: .milliseconds(100))],
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
        try fixture.writeManifestText("""
            {"format": "isofleet-manifest/1", "images": [{"family": "Linux", "name": "Ubuntu", "flavor": "Server",
             "version": {"major": "22", "minor": "04", "patch": "3"}, "sha256": "\(image.sha256)", "size": \(image.size),
             "sources": {"magnet": "\(magnet)", "http": ["\(nginx.url(image.fileName).absoluteString)"]}}]}
            """)
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let leecher = try await Self.session(resume: fixture.dataDirectory.resume)
        let runner = UpdateRunner(
            store: fixture.store, repository: fixture.repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(),
            acquirers: [HTTPAcquirer(), SwarmAcquirer(session: leecher, fleet: StaticFleetMembership(peers: [deadPeer]), originPieces: false, stallTimeout: .seconds(1),
                                                      pollInterval: .milliseconds(100))],
            fleet: StaticFleetMembership(peers: [deadPeer]))
        let report = try await runner.run()
        await leecher.shutdown()
        let fetched = try #require(report.fetched.first, "\(report.failed)")
        #expect(fetched.kind == .http)
        #expect(fetched.notes.contains { $0.contains("no metadata") })
    }
}
