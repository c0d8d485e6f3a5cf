public import Swarm

/// Chooses which pieces a node takes from the origin while its fleet peers share the rest (design
/// §10: origin bytes near 1.0× the image). Pure: a function of the piece map.
///
/// The image is cut into **stripes** of ``maxRunPieces`` pieces (one origin request each), dealt
/// to the fleet's members in turn: stripe `s` belongs to member `s mod fleetSize`.
/// - A node first fetches its own stripes, front to back, so that at a simultaneous start every
///   member pulls different bytes, and the fleet as a whole fills the image front to back. That
///   order lets each node hash the file while it downloads (``SwarmFileDigest``) instead of
///   reading it all again at the end.
/// - Then it helps with the other members' stripes (the next member's first), each member's walked
///   back to front one piece per request, so a helper meets the owner instead of chasing it and the
///   stripes of a member that left still get fetched. It leaves alone a member's **front** (the
///   first two stripes that member still needs: the one it is fetching now and the one it may be
///   feeding). Helpers at different distances from a member take different pieces of it: the
///   helper `s` places before it takes the `s`-th wanted piece from the back, and nothing when
///   there are fewer, so what two nodes both fetch stays rare. The feeder's growing
///   **impatience** (nothing found for a while: an owner may have left) lifts both rules for the
///   nearest members first.
/// - Everything above stays within a **window** of ``window`` pieces from the fleet's frontier,
///   the first piece nobody can give yet. Large pieces are shared only once whole and verified,
///   so pieces fetched side by side complete together: with eight members each fetching a 16 MiB
///   piece, the last round leaves 8 × 7 × 16 MiB to copy between peers after the origin's last
///   byte. The window keeps few pieces in flight at once, so they complete one after another
///   while the origin link stays busy, and the end game copies one or two pieces.
/// - A piece qualifies only while nobody can give it: not held and no connected peer has it. (A
///   piece half-fetched from a peer that left qualifies: nobody can finish it.) A node that joins
///   late, when peers hold everything, takes nothing from the origin.
public struct OriginPiecePlanner: Sendable, Hashable {
    /// This node's place among the fleet's members, `0..<fleetSize`.
    public let rank: Int
    /// Members of the fleet, this node included (at least 1).
    public let fleetSize: Int
    /// The most pieces one origin request may cover, and the length of a stripe (at least 1).
    public let maxRunPieces: Int
    /// How far past the frontier a run may reach, in pieces (at least 1; `Int.max`: no limit).
    public let window: Int

    public init(rank: Int, fleetSize: Int, maxRunPieces: Int, window: Int = .max) {
        self.fleetSize = max(1, fleetSize)
        self.rank = min(max(0, rank), self.fleetSize - 1)
        self.maxRunPieces = max(1, maxRunPieces)
        self.window = max(1, window)
    }

    /// The window for pieces of `pieceSize` bytes: about a second of the fleet's progress
    /// (`bytesPerSecond`, the rate the pieces anyone holds grow at), at least
    /// ``minimumWindowBytes`` and at least two pieces, so that new requests start while the
    /// pieces before them are verified and announced. Measured (`bench/fleet.sh`, 8 nodes,
    /// 200 Mbit/s): 16 MiB pieces 1.56x one node alone without a window, 1.54x with four pieces,
    /// 1.30x with two.
    public static func window(pieceSize: Int, bytesPerSecond: Double?) -> Int {
        let bytes = max(Double(minimumWindowBytes), bytesPerSecond ?? 0)
        return max(2, Int(bytes / Double(max(1, pieceSize))))
    }

    /// The fewest bytes a window spans.
    public static let minimumWindowBytes = 8 << 20

    /// The stripes of `member` among `count` pieces, front to back.
    public func stripes(of member: Int, pieceCount count: Int) -> [Range<Int>] {
        stride(from: member * maxRunPieces, to: count, by: fleetSize * maxRunPieces).map { start in
            start..<min(start + maxRunPieces, count)
        }
    }

    /// Stripes at the start of a member's missing ones that others leave to it.
    public static let frontStripes = 2

    /// The next contiguous run of pieces to fetch from the origin, or nil when every missing piece
    /// can come from a connected peer or is left to another member.
    /// - Parameters:
    ///   - skipping: pieces this node already requested or fed and is waiting for.
    ///   - impatience: for members at most this many places after this node, their front may be
    ///     taken and their wanted pieces shared with nearer helpers (0: neither). The feeder
    ///     raises it while it finds nothing else, so the member right before an owner that left
    ///     takes over first.
    public func nextRun(in map: PieceMap, skipping: Set<Int> = [], impatience: Int = 0) -> Range<Int>? {
        let count = map.count
        func missing(_ piece: Int) -> Bool { !map.isReachable(piece) }
        let frontier = map.frontier
        let limit = window >= count ? count : min(count, frontier + window)
        func wanted(_ piece: Int) -> Bool { piece < limit && missing(piece) && !skipping.contains(piece) }
        for stripe in stripes(of: rank, pieceCount: count) {
            guard let first = stripe.first(where: wanted) else { continue }
            var end = first + 1
            while end < stripe.upperBound, wanted(end) { end += 1 }
            return first..<end
        }
        for step in 1..<fleetSize {
            let stripes = stripes(of: (rank + step) % fleetSize, pieceCount: count)
            let lifted = step <= impatience
            let front =
                lifted
                ? stripes.endIndex
                : stripes.firstIndex { $0.contains(where: missing) } ?? stripes.endIndex
            let candidates = Array(
                stripes.indices.reversed().lazy
                    .filter { !(front..<(front + Self.frontStripes)).contains($0) }
                    .flatMap { stripes[$0].reversed() }
                    .filter(wanted)
                    .prefix(step))
            if candidates.count == step || (lifted && !candidates.isEmpty) {
                let piece = candidates[(step - 1) % candidates.count]
                return piece..<(piece + 1)
            }
        }
        return nil
    }
}
