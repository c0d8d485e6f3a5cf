import Acquisition
import Common
import Digest
import Foundation
import ISOCatalog
import Node
import NodeFixtures
import Repository
import Swarm
import TestSupport
import Testing

/// Three nodes fetching one image at once from a rate-limited origin while peering: each piece
/// comes from the origin about once, and every node ends with the verified image.
@Suite(.timeLimit(.minutes(2)))
struct OriginPiecesFleetTests {
    @Test func threeNodesFetchingTogetherTakeTheImageFromTheOriginAboutOnce() async throws {
        let nodes = try (0..<3).map { _ in try OriginFixture() }
        let origin = nodes[0]
        let image = try origin.image("Linux/Ubuntu/Server@22.04.3", seed: 11, size: 12 << 20)
        let torrent = try TorrentCreator.create(file: origin.originRoot + "/" + image.fileName, pieceSize: 256 << 10)
        try torrent.data.write(to: URL(fileURLWithPath: origin.originRoot + "/" + image.fileName + ".torrent"))
        // 3 MB/s per connection: one node alone would need 4 s; the swarm between nodes is far faster.
        let nginx = try await origin.nginx(limitRate: 3_000_000)

        var sessions: [SwarmSession] = []
        for node in nodes {
            let session = SwarmSession(
                settings: SwarmSettings(listen: "127.0.0.1:0"),
                resumeStore: ResumeStore(directory: node.dataDirectory.resume))
            try await session.start()
            sessions.append(session)
        }
        var addresses: [String] = []
        for session in sessions { addresses.append("127.0.0.1:\(try await session.listenPort())") }
        let runners = try nodes.indices.map { index in
            let node = nodes[index]
            try node.writeManifest([image], torrent: { nginx.url($0.fileName + ".torrent") }) {
                [nginx.url($0.fileName)]
            }
            _ = try node.select("Linux/Ubuntu/Server@22.04")
            let fleet = StaticFleetMembership(peers: addresses, selfAddress: addresses[index])
            return UpdateRunner(
                store: node.store, repository: node.repository, dataDirectory: node.dataDirectory,
                synchronizer: node.synchronizer(),
                acquirers: [HTTPAcquirer(), SwarmAcquirer(session: sessions[index], fleet: fleet)], fleet: fleet)
        }
        let reports = try await withThrowingTaskGroup(of: UpdateReport.self) { group in
            for runner in runners { group.addTask { try await runner.run() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for session in sessions { await session.shutdown() }

        var fromOrigin: Int64 = 0
        for report in reports {
            let fetched = try #require(report.fetched.first, "\(report.failed)")
            #expect(fetched.kind == .swarm && fetched.verified && fetched.sha256 == image.sha256, "\(fetched)")
            fromOrigin += fetched.bytesFromOrigin
        }
        for node in nodes {
            let placed = try Data(contentsOf: URL(fileURLWithPath: node.repositoryFile(try node.layoutPath(image))))
            #expect(SHA256.hex(of: placed) == image.sha256)
        }
        let served = nginx.bodyBytesServed(for: "/" + image.fileName)
        #expect(served == fromOrigin)
        // What did not come from the origin came from the peers.
        let fromSwarm = reports.compactMap(\.fetched.first).reduce(Int64(0)) { $0 + $1.bytesFromSwarm }
        #expect(fromSwarm + fromOrigin >= 3 * image.size)
        // 1.0× is the floor; what two nodes fetched at once where their shares meet comes on top.
        #expect(
            Double(served) <= 1.5 * Double(image.size), "origin served \(served) bytes for a \(image.size)-byte image")
    }
}
