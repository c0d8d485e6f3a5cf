internal import CTorrentShim

/// Which pieces of a torrent this session has, and how many connected peers have each: what
/// deciding "fetch this piece from the origin" needs.
public struct PieceMap: Sendable, Hashable {
    /// Verified pieces.
    public let have: [Bool]
    /// For each piece, how many connected peers have it.
    public let availability: [Int]

    /// A map from explicit values (tests, planners).
    public init(have: [Bool], availability: [Int]) {
        precondition(have.count == availability.count, "piece map arrays differ in length")
        self.have = have
        self.availability = availability
    }

    init(_ map: ift_piece_map) {
        let count = Int(map.num_pieces)
        have = (0..<count).map { map.have[$0] != 0 }
        availability = (0..<count).map { Int(map.availability[$0]) }
    }

    /// The number of pieces.
    public var count: Int { have.count }

    /// True when every piece is verified.
    public var isComplete: Bool { !have.contains(false) }
}
