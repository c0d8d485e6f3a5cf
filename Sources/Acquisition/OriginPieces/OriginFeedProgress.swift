public import Swarm

/// How fast the fleet's copy of a torrent grows, as an ``OriginPieceFeeder`` sees it: the pieces
/// this node holds or a connected peer has, sampled at every poll. Gives the feeder its progress
/// signal (``OriginFeedPatience/sawProgress(at:)``) and sizes the planner's window
/// (``OriginPiecePlanner/window``) to the origin's pace.
struct OriginFeedProgress {
    /// How far back the rate looks.
    static let span = Duration.seconds(2)

    private var samples: [(at: ContinuousClock.Instant, pieces: Int)] = []

    /// Pieces held here or by a peer at the last sample.
    var reachable: Int { samples.last?.pieces ?? 0 }

    /// Records `map` at `now`; true when the reachable pieces grew since the last sample.
    mutating func record(_ map: PieceMap, at now: ContinuousClock.Instant) -> Bool {
        let count = map.reachableCount
        let grew = count > reachable
        samples.append((now, count))
        while let first = samples.first, now - first.at > Self.span, samples.count > 2 { samples.removeFirst() }
        return grew
    }

    /// Bytes per second the reachable pieces grew by over the last ``span``; nil until it spans
    /// at least a second.
    func bytesPerSecond(pieceSize: Int) -> Double? {
        guard let first = samples.first, let last = samples.last else { return nil }
        let seconds =
            Double((last.at - first.at).components.seconds)
            + Double((last.at - first.at).components.attoseconds) / 1e18
        guard seconds >= 1 else { return nil }
        return Double((last.pieces - first.pieces) * pieceSize) / seconds
    }
}
