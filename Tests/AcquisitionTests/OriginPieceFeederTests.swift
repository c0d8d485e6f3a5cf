import Acquisition
import Common
import Digest
import Fetch
import Foundation
import Node
import NodeFixtures
import Swarm
import TestSupport
import Testing

/// Origin pieces: a torrent filled from the origin's byte ranges through `add_piece`, every piece
/// checked against the torrent's hashes.
@Suite(.timeLimit(.minutes(1)))
struct OriginPieceFeederTests {
    /// A leecher session holding the image's torrent (no peers), downloading into `directory`.
    static func leecher(_ torrent: CreatedTorrent, into directory: String) async throws -> (SwarmSession, TorrentID) {
        let session = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await session.start()
        let id = try await session.add(.torrentFile(torrent.data), options: AddOptions(savePath: directory))
        return (session, id)
    }

    static let reader = RangeReader(settings: OriginFixture.fetchSettings)

    @Test func aNodeAloneTakesEveryPieceFromTheOriginExactlyOnce() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 5, size: (3 << 20) + 12345)
        let torrent = try TorrentCreator.create(file: fixture.originRoot + "/" + image.fileName, pieceSize: 256 << 10)
        let nginx = try await fixture.nginx()
        let download = fixture.directory.appending("download")
        let (session, id) = try await Self.leecher(torrent, into: download)
        let feeder = OriginPieceFeeder(
            session: session, torrent: id, mirrors: [nginx.url(image.fileName)], rank: 0, fleetSize: 1,
            reader: Self.reader, startDelay: .zero)
        try await feeder.run()
        try await session.waitUntilFinished(id)
        await session.shutdown()

        #expect(feeder.bytesFromOrigin == image.size)
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == image.size)
        // Whole pieces per request, at most 1 MiB each: 4 requests for 3 MiB + a bit.
        #expect(nginx.requests(for: "/" + image.fileName).allSatisfy { $0.status == 206 })
        #expect(nginx.requests(for: "/" + image.fileName).count == 4)
        let written = try Data(contentsOf: URL(fileURLWithPath: download + "/" + image.fileName))
        #expect(SHA256.hex(of: written) == image.sha256)
    }

    @Test func aDeadMirrorIsSkippedForTheNext() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 6, size: 1 << 20)
        let torrent = try TorrentCreator.create(file: fixture.originRoot + "/" + image.fileName, pieceSize: 256 << 10)
        let nginx = try await fixture.nginx()
        let dead = URL(string: "http://127.0.0.1:\(try FreePort.next())/\(image.fileName)")!
        let (session, id) = try await Self.leecher(torrent, into: fixture.directory.appending("download"))
        let feeder = OriginPieceFeeder(
            session: session, torrent: id, mirrors: [dead, nginx.url(image.fileName)], rank: 0, fleetSize: 1,
            reader: Self.reader, startDelay: .zero)
        try await feeder.run()
        await session.shutdown()
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == image.size)
    }

    @Test func bytesThatFailThePieceHashesStopTheFeeder() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 7, size: 1 << 20)
        let torrent = try TorrentCreator.create(file: fixture.originRoot + "/" + image.fileName, pieceSize: 256 << 10)
        // The origin now serves other bytes of the same size under the image's name.
        try ImageGenerator.bytes(seed: 8, size: 1 << 20).write(
            to: URL(fileURLWithPath: fixture.originRoot + "/" + image.fileName))
        let nginx = try await fixture.nginx()
        let download = fixture.directory.appending("download")
        let (session, id) = try await Self.leecher(torrent, into: download)
        let feeder = OriginPieceFeeder(
            session: session, torrent: id, mirrors: [nginx.url(image.fileName)], rank: 0, fleetSize: 1,
            reader: Self.reader, startDelay: .zero, verifyTimeout: .milliseconds(500))
        let error = await #expect(throws: AcquisitionError.self) { try await feeder.run() }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("failed the torrent's hash check 3 times") == true)
        #expect(try await session.status(of: id).piecesDone == 0)
        await session.shutdown()
    }

    @Test func rangesComeBackExactAndAServerIgnoringThemIsRefused() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 9, size: 1 << 20)
        let nginx = try await fixture.nginx()
        #expect(
            try await Self.reader.read(nginx.url(image.fileName), range: 1000...1999)
                == image.data.subdata(in: 1000..<2000))
        let file = URL(fileURLWithPath: fixture.originRoot + "/" + image.fileName)
        #expect(try await Self.reader.read(file, range: 0...99) == image.data.prefix(100))

        let ignoring = try await NginxOrigin.start(
            root: fixture.originRoot, directory: try fixture.serverDirectory("nginx"), serverConfig: "max_ranges 0;")
        let error = await #expect(throws: FetchError.self) {
            _ = try await Self.reader.read(ignoring.url(image.fileName), range: 0...1023)
        }
        #expect(error?.description.contains("answered HTTP 200 to a range request") == true)
    }
}
