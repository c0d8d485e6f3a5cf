import Foundation
import Swarm
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct PieceFeedTests {
    /// Bytes fetched elsewhere (the HTTP origin) enter the torrent piece by piece and are verified
    /// like bytes from a peer: good pieces complete it, a corrupted one is refused.
    @Test func piecesFedFromOutsideCompleteTheTorrent() async throws {
        let directory = try TemporaryDirectory(prefix: "add-piece")
        let pieceSize = 32 << 10
        let original = try ImageGenerator.write(
            to: directory.appending("origin/image.iso"), seed: 31, size: 10 * pieceSize + 100)
        let torrent = try TorrentCreator.create(file: original, pieceSize: pieceSize)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        let session = try await SwarmTestSupport.session()
        let events = await session.events()
        let id = try await session.add(
            .torrentFile(torrent.data), options: AddOptions(savePath: directory.appending("fed")))
        _ = try await SwarmTestSupport.firstEvent(in: events) { $0 == .checked(id) }

        var corrupted = Data(bytes[0..<pieceSize])
        corrupted[5] ^= 0xFF
        try await session.addPiece(id, piece: 0, data: corrupted)
        let failure = try await SwarmTestSupport.firstEvent(in: events) {
            if case .hashFailed(id, _) = $0 { true } else { false }
        }
        #expect(failure == .hashFailed(id, piece: 0))
        let wrongSize = await #expect(throws: SwarmError.self) {
            try await session.addPiece(id, piece: 1, data: Data(bytes[0..<100]))
        }
        #expect(wrongSize?.code == .invalidArgument)

        // A piece fed while libtorrent is still clearing the failed one may be dropped; the origin
        // feeder then feeds it again, and so does this test (at most twice more).
        for round in 1...3 {
            let held = try await session.pieceMap(of: id).have
            for piece in 0..<11 where !held[piece] {
                let range = piece * pieceSize..<min(bytes.count, (piece + 1) * pieceSize)
                try await session.addPiece(id, piece: piece, data: Data(bytes[range]))
            }
            do {
                try await SwarmTestSupport.waitUntilFinished(session, id, timeout: .seconds(10))
                break
            } catch  where round < 3 {
                continue
            }
        }
        #expect(try SwarmTestSupport.sha256(directory.appending("fed/image.iso")) == SwarmTestSupport.sha256(original))
        #expect(try await session.status(of: id).payloadDownloaded == 0, "nothing came from peers")
        await session.shutdown()
    }

    @Test func pauseAndResumeShowInTheStatus() async throws {
        let directory = try TemporaryDirectory(prefix: "pause")
        let path = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 32, size: 64 << 10)
        let torrent = try TorrentCreator.create(file: path, pieceSize: 16 << 10)
        let session = try await SwarmTestSupport.session()
        var options = AddOptions(savePath: directory.path)
        options.seedMode = true
        let id = try await session.add(.torrentFile(torrent.data), options: options)
        #expect(try await session.status(of: id).isPaused == false)
        try await session.pause(id)
        #expect(try await session.status(of: id).isPaused == true)
        try await session.resume(id)
        #expect(try await session.status(of: id).isPaused == false)
        let exported = try TorrentMetadata(torrentFile: try await session.torrentFile(of: id))
        #expect(exported.infoHashes == torrent.infoHashes)
        await session.shutdown()
    }

    /// The shim adds a torrent with metadata paused and resumes it once its files are checked (a
    /// resume dials the known peers at once): the caller never sees it paused, and a file that
    /// needs a full check (no resume data, no seed mode) is still checked and seeded. A torrent
    /// the caller adds paused stays paused after its check.
    @Test func aTorrentStartsOnceCheckedUnlessAddedPaused() async throws {
        let directory = try TemporaryDirectory(prefix: "start")
        let path = try ImageGenerator.write(to: directory.appending("held/image.iso"), seed: 33, size: 256 << 10)
        let held = try TorrentCreator.create(file: path, pieceSize: 16 << 10)
        let session = try await SwarmTestSupport.session()
        let events = await session.events()
        let checked = try await session.add(
            .torrentFile(held.data), options: AddOptions(savePath: directory.appending("held")))
        #expect(try await session.status(of: checked).isPaused == false)
        try await SwarmTestSupport.waitUntilFinished(session, checked)
        let seeding = try await session.status(of: checked)
        #expect(seeding.isSeeding && !seeding.isPaused, "state \(seeding.state), paused \(seeding.isPaused)")

        let other = try ImageGenerator.write(to: directory.appending("other.iso"), seed: 34, size: 256 << 10)
        let missing = try TorrentCreator.create(file: other, pieceSize: 16 << 10)
        var options = AddOptions(savePath: directory.appending("empty"))
        options.paused = true
        let paused = try await session.add(.torrentFile(missing.data), options: options)
        _ = try await SwarmTestSupport.firstEvent(in: events) { $0 == .checked(paused) }
        #expect(try await session.status(of: paused).isPaused == true)
        try await session.resume(paused)
        #expect(try await session.status(of: paused).isPaused == false)
        await session.shutdown()
    }
}
