import Foundation
import Swarm
import TestSupport
import Testing

struct DeterministicTorrentTests {
    /// Two nodes holding the same image with different mtimes and permission bits must agree on
    /// the info-hash, or the fleet would split into one swarm per node.
    @Test(arguments: [TorrentMode.hybrid, .v1, .v2])
    func copiesWithDifferentMetadataGiveTheSameInfoHash(mode: TorrentMode) throws {
        let directory = try TemporaryDirectory(prefix: "determinism")
        let first = try ImageGenerator.write(to: directory.appending("a/image.iso"), seed: 7, size: 3 << 20 + 999)
        let second = try ImageGenerator.write(to: directory.appending("b/image.iso"), seed: 7, size: 3 << 20 + 999)
        #expect(chmod(first, 0o644) == 0)
        #expect(chmod(second, 0o755) == 0)
        var old = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, second, &old, 0) == 0)

        var progress: [(Int, Int)] = []
        let a = try TorrentCreator.create(file: first, pieceSize: 256 << 10, mode: mode) { progress.append(($0, $1)) }
        let b = try TorrentCreator.create(file: second, pieceSize: 256 << 10, mode: mode)

        #expect(a.infoHashes == b.infoHashes)
        #expect(a.data == b.data, "the whole .torrent is byte-identical (no creation date, no attributes)")
        switch mode {
        case .hybrid:
            #expect(a.infoHashes.v1?.count == 40)
            #expect(a.infoHashes.v2?.count == 64)
        case .v1:
            #expect(a.infoHashes.v1?.count == 40)
            #expect(a.infoHashes.v2 == nil)
        case .v2:
            #expect(a.infoHashes.v1 == nil)
            #expect(a.infoHashes.v2?.count == 64)
        }
        #expect(progress.count == 13)
        #expect(progress.last.map { $0 == (13, 13) } == true)
    }

    @Test func nameAndPieceSizeArePartOfTheIdentity() throws {
        let directory = try TemporaryDirectory(prefix: "identity")
        let original = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 3, size: 1 << 20)
        let renamed = try ImageGenerator.write(to: directory.appending("other.iso"), seed: 3, size: 1 << 20)
        let base = try TorrentCreator.create(file: original, pieceSize: 64 << 10)
        #expect(try TorrentCreator.create(file: renamed, pieceSize: 64 << 10).infoHashes.v1 != base.infoHashes.v1)
        #expect(try TorrentCreator.create(file: original, pieceSize: 128 << 10).infoHashes.v1 != base.infoHashes.v1)
        let metadata = try TorrentMetadata(torrentFile: base.data)
        #expect(metadata.infoHashes == base.infoHashes)
        #expect(metadata.name == "image.iso")
        #expect(metadata.totalSize == 1 << 20)
    }

    @Test func defaultPieceSizesFollowTheDocumentedTable() {
        #expect(PieceSize.default(forFileSize: 10 << 20) == 256 << 10)
        #expect(PieceSize.default(forFileSize: 1 << 30) == 1 << 20)
        #expect(PieceSize.default(forFileSize: 3 << 30) == 2 << 20)
        #expect(PieceSize.default(forFileSize: 6 << 30) == 4 << 20)
    }
}
