public import Swarm

/// Chooses which pieces a node takes from the origin while its fleet peers share the rest (design
/// §10: origin bytes near 1.0× the image). Pure: a function of the piece map.
///
/// The image is cut into one region per fleet member; member `rank` owns region `rank`.
/// - A node first fetches its own region, front to back, so that at a simultaneous start every
///   member pulls different bytes and the swarm spreads them.
/// - Then it helps with the other regions (the next member's first), each walked back to front,
///   so a helper meets the region's owner in the middle instead of chasing it, and a region whose
///   owner left still gets fetched.
/// - A piece qualifies only while nobody can give it: not held and no connected peer has it. (A
///   piece half-fetched from a peer that left qualifies: nobody can finish it.) A node that joins
///   late, when peers hold everything, takes nothing from the origin.
public struct OriginPiecePlanner: Sendable, Hashable {
    /// This node's place among the fleet's members, `0..<fleetSize`.
    public let rank: Int
    /// Members of the fleet, this node included (at least 1).
    public let fleetSize: Int
    /// The most pieces one origin request may cover (at least 1).
    public let maxRunPieces: Int

    public init(rank: Int, fleetSize: Int, maxRunPieces: Int) {
        self.fleetSize = max(1, fleetSize)
        self.rank = min(max(0, rank), self.fleetSize - 1)
        self.maxRunPieces = max(1, maxRunPieces)
    }

    /// The pieces `[start, end)` of member `member`'s region among `count` pieces.
    public func region(of member: Int, pieceCount count: Int) -> Range<Int> {
        (member * count / fleetSize)..<((member + 1) * count / fleetSize)
    }

    /// The next contiguous run of pieces to fetch from the origin, or nil when every missing piece
    /// can come from a connected peer.
    /// - Parameter skipping: pieces this node already requested or fed and is waiting for.
    public func nextRun(in map: PieceMap, skipping: Set<Int> = []) -> Range<Int>? {
        let count = map.count
        func wanted(_ piece: Int) -> Bool {
            !map.have[piece] && map.availability[piece] == 0 && !skipping.contains(piece)
        }
        let own = region(of: rank, pieceCount: count)
        if let first = own.first(where: wanted) {
            var end = first + 1
            while end < own.upperBound, end - first < maxRunPieces, wanted(end) { end += 1 }
            return first..<end
        }
        for step in 1..<fleetSize {
            let other = region(of: (rank + step) % fleetSize, pieceCount: count)
            if let last = other.reversed().first(where: wanted) {
                var start = last
                while start > other.lowerBound, last - start + 1 < maxRunPieces, wanted(start - 1) { start -= 1 }
                return start..<(last + 1)
            }
        }
        return nil
    }
}
