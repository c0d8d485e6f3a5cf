import Acquisition
import Digest
import Foundation
import NodeFixtures
import Swarm
import TestSupport
import Testing

@testable import Acquisition

/// The SHA-256 of a swarm download, computed while it downloads: the front of the file as its
/// pieces are verified, the rest at the end, the whole file again when that digest disagrees.
@Suite(.timeLimit(.minutes(1)))
struct SwarmFileDigestTests {
    static let pieceSize = 256 << 10

    @Test func theFrontOfTheFileIsHashedWhileItDownloadsAndTheDigestIsTheFilesOwn() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 11, size: 16 * Self.pieceSize)
        let origin = fixture.originRoot + "/" + image.fileName
        let torrent = try TorrentCreator.create(file: origin, pieceSize: Self.pieceSize)
        let download = fixture.directory.appending("download")
        let (session, id) = try await OriginPieceFeederTests.leecher(torrent, into: download)
        let digest = SwarmFileDigest(
            session: session, torrent: id, directory: download, pollInterval: .milliseconds(20))
        let following = Task { await digest.run() }
        let bytes = image.data
        // libtorrent refuses pieces while it checks the (absent) files.
        let checked = ContinuousClock.now + .seconds(20)
        while [.checkingFiles, .checkingResumeData].contains(try await session.status(of: id).state),
            ContinuousClock.now < checked
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        func feed(_ pieces: Range<Int>) async throws {
            for piece in pieces {
                try await session.addPiece(
                    id, piece: piece, data: bytes.subdata(in: piece * Self.pieceSize..<(piece + 1) * Self.pieceSize))
            }
        }

        // The first 12 pieces arrive, in order: the digest follows them (one look behind).
        try await feed(0..<12)
        let deadline = ContinuousClock.now + .seconds(20)
        while digest.hashedBytes < Int64(12 * Self.pieceSize), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(digest.hashedBytes == Int64(12 * Self.pieceSize))
        try await feed(12..<16)
        try await session.waitUntilFinished(id)
        following.cancel()
        await following.value
        await session.shutdown()

        let result = await digest.finish(
            file: download + "/" + image.fileName, size: image.size, expected: image.sha256)
        #expect(try result.get() == image.sha256)
        #expect(digest.hashedBytes == image.size)
    }

    @Test func bytesReadBeforeTheyWereWrittenCostAWholeFilePassNotAWrongAnswer() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 12, size: 4 * Self.pieceSize)
        let torrent = try TorrentCreator.create(
            file: fixture.originRoot + "/" + image.fileName, pieceSize: Self.pieceSize)
        let directory = fixture.directory.appending("download")
        let (session, id) = try await OriginPieceFeederTests.leecher(torrent, into: directory)
        let file = fixture.directory.appending("file")
        let early = ImageGenerator.bytes(seed: 13, size: 4 * Self.pieceSize)
        let final = ImageGenerator.bytes(seed: 14, size: 4 * Self.pieceSize)

        // Half the file is read while it still holds other bytes; then the right bytes land.
        try early.write(to: URL(fileURLWithPath: file))
        let digest = SwarmFileDigest(session: session, torrent: id, directory: directory)
        #expect(digest.hash(file, upTo: Int64(2 * Self.pieceSize)))
        try final.write(to: URL(fileURLWithPath: file))
        let result = await digest.finish(file: file, size: Int64(final.count), expected: SHA256.hex(of: final))
        #expect(try result.get() == SHA256.hex(of: final))

        // A file that is not what the manifest says gets its own digest back, for the caller to refuse.
        let other = SwarmFileDigest(session: session, torrent: id, directory: directory)
        let refused = await other.finish(file: file, size: Int64(final.count), expected: SHA256.hex(of: early))
        #expect(try refused.get() == SHA256.hex(of: final))

        // A file that cannot be read is an error naming it.
        let missing = await SwarmFileDigest(session: session, torrent: id, directory: directory)
            .finish(file: file + ".gone", size: 1, expected: SHA256.hex(of: final))
        #expect(throws: FileDigestError.self) { try missing.get() }
        await session.shutdown()
    }
}
