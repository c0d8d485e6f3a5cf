import Digest
public import Foundation

/// Builds the deterministic v1 torrent of a file read once, front to back, from anywhere (an S3
/// object, an SMB or NFS file): the bytes ``TorrentCreator`` makes for the same name, bytes and
/// piece size in ``TorrentMode/v1`` without trackers (`created by` isofleet, no creation date,
/// `length`, `name`, `piece length`, `pieces`), so the info-hash is the one every node computes
/// for the file it placed. Feed every byte in order with ``update(_:)``, then ``finish()``.
public struct StreamingTorrentBuilder: ~Copyable {
    /// The file name inside the torrent.
    public let name: String
    public let size: Int64
    public let pieceSize: Int
    private var piece = SHA1()
    private var inPiece = 0
    private var received: Int64 = 0
    private var pieces: [UInt8] = []

    /// - Throws: ``SwarmError`` `.invalidArgument` for an empty file, an empty name or a piece size
    ///   libtorrent would refuse.
    public init(name: String, size: Int64, pieceSize: Int) throws(SwarmError) {
        guard PieceSize.isValid(pieceSize) else {
            throw SwarmError(.invalidArgument, "piece size \(pieceSize) is not a power of two between 16 KiB and 1 GiB")
        }
        guard size > 0 else { throw SwarmError(.invalidArgument, "create torrent: \(name) is empty") }
        guard !name.isEmpty, !name.contains("/") else {
            throw SwarmError(.invalidArgument, "create torrent: '\(name)' is not a file name")
        }
        self.name = name
        self.size = size
        self.pieceSize = pieceSize
        pieces.reserveCapacity(Int((size + Int64(pieceSize) - 1) / Int64(pieceSize)) * 20)
    }

    /// Adds the next `bytes` of the file.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty {
            let take = min(rest.count, pieceSize - inPiece)
            piece.update(UnsafeRawBufferPointer(rebasing: rest[..<take]))
            inPiece += take
            received += Int64(take)
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if inPiece == pieceSize {
                pieces += piece.finalizeAndReset()
                inPiece = 0
            }
        }
    }

    /// The torrent, once every byte was given.
    /// - Throws: ``SwarmError`` `.io` when more or fewer than ``size`` bytes were given.
    public consuming func finish() throws(SwarmError) -> CreatedTorrent {
        guard received == size else {
            throw SwarmError(.io, "create torrent: \(name) gave \(received) bytes, \(size) were announced")
        }
        if inPiece > 0 { pieces += piece.finalizeAndReset() }
        var info = Data()
        Self.append("length", to: &info)
        info += Data("i\(size)e".utf8)
        Self.append("name", to: &info)
        Self.append(Data(name.utf8), to: &info)
        Self.append("piece length", to: &info)
        info += Data("i\(pieceSize)e".utf8)
        Self.append("pieces", to: &info)
        Self.append(Data(pieces), to: &info)
        info = Data("d".utf8) + info + Data("e".utf8)
        var torrent = Data("d".utf8)
        Self.append("created by", to: &torrent)
        Self.append("isofleet", to: &torrent)
        Self.append("info", to: &torrent)
        torrent += info + Data("e".utf8)
        let hashes = try InfoHashes(v1: SHA1.hex(of: info), v2: nil)
        return CreatedTorrent(data: torrent, infoHashes: hashes, pieceSize: pieceSize, name: name)
    }

    /// Appends a bencoded string.
    private static func append(_ text: String, to data: inout Data) {
        append(Data(text.utf8), to: &data)
    }

    private static func append(_ bytes: Data, to data: inout Data) {
        data += Data("\(bytes.count):".utf8)
        data += bytes
    }
}
