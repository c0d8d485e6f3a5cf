import Foundation
import Swarm
import TestSupport
import Testing

/// ``StreamingTorrentBuilder`` (a torrent from bytes read once, for `manifest build` of a remote
/// folder) must give the bytes libtorrent gives for the same file: the same info-hash on every node.
struct StreamingTorrentBuilderTests {
    @Test(arguments: [1, 16 << 10, (256 << 10) - 1, 256 << 10, (256 << 10) + 1, (3 << 20) + 999])
    func matchesLibtorrentsV1Torrent(size: Int) throws {
        let directory = try TemporaryDirectory(prefix: "streamed")
        let path = try ImageGenerator.write(to: directory.appending("ubuntu.server-22.04.3.iso"), seed: 9, size: size)
        let pieceSize = PieceSize.default(forFileSize: Int64(size))
        let expected = try TorrentCreator.create(file: path, pieceSize: pieceSize, mode: .v1)

        var builder = try StreamingTorrentBuilder(
            name: "ubuntu.server-22.04.3.iso", size: Int64(size), pieceSize: pieceSize)
        let bytes = ImageGenerator.bytes(seed: 9, size: size)
        // Uneven chunks, as remote reads return them.
        var offset = 0
        var chunk = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            bytes[offset..<end].withUnsafeBytes { builder.update($0) }
            offset = end
            chunk = chunk * 3 + 7
        }
        let streamed = try builder.finish()
        #expect(streamed.data == expected.data)
        #expect(streamed.infoHashes == expected.infoHashes)
        #expect(streamed.magnet() == expected.magnet())
    }

    @Test func tooFewBytesOrAnEmptyFileIsRefused() throws {
        var short = try StreamingTorrentBuilder(name: "a.iso", size: 10, pieceSize: 16 << 10)
        Data(count: 9).withUnsafeBytes { short.update($0) }
        do {
            _ = try short.finish()
            Issue.record("9 of 10 bytes made a torrent")
        } catch {
            #expect(error.message.contains("gave 9 bytes, 10 were announced"), "\(error)")
        }
        for (size, pieceSize) in [(Int64(0), 16 << 10), (5, 1000)] {
            do {
                _ = try StreamingTorrentBuilder(name: "a.iso", size: size, pieceSize: pieceSize)
                Issue.record("size \(size), piece size \(pieceSize) accepted")
            } catch {
                #expect(error.code == .invalidArgument)
            }
        }
    }
}
