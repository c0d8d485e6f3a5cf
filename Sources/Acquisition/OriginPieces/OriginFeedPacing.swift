/// Lets the planner's window (``OriginPiecePlanner/window``) grow by at most one piece per
/// **spacing**, half the time a piece takes at the fleet's rate. Pieces that enter the window
/// together otherwise start together, share the origin's link, complete together, and leave the
/// link idle while they are verified and announced and the next group is requested: with 16 MiB
/// pieces and a window of two, a pause every 1.3 s at 200 Mbit/s. Spread by a spacing, one piece
/// completes while the next is half way, and the link stays busy. In steady state (one piece
/// completes per piece time, twice the spacing) the window grows more slowly than the spacing
/// allows, and pacing changes nothing.
struct OriginFeedPacing {
    /// Spacings shorter than this (the feeder's poll interval) do not pace: the window could not
    /// grow fast enough one piece per call.
    let minimumSpacing: Duration
    /// The end (exclusive) of the window as last returned, nil before the first call.
    private var limit: Int?
    /// Starts allowed and not yet taken, in spacings: at most one.
    private var credit = 1.0
    private var lastCall: ContinuousClock.Instant?

    init(minimumSpacing: Duration) { self.minimumSpacing = minimumSpacing }

    /// Half the time a piece of `pieceSize` bytes takes at the fleet's rate (`bytesPerSecond`);
    /// nil while the rate is not known.
    static func spacing(pieceSize: Int, bytesPerSecond: Double?) -> Duration? {
        guard let bytesPerSecond, bytesPerSecond > 0 else { return nil }
        return .seconds(Double(pieceSize) / bytesPerSecond / 2)
    }

    /// The window to plan with at `now`, in pieces past `frontier` (at least 1): `window` once it
    /// has grown there one piece per `spacing` (nil or shorter than ``minimumSpacing``: at once).
    mutating func window(frontier: Int, window: Int, spacing: Duration?, at now: ContinuousClock.Instant) -> Int {
        let target = frontier + max(1, window)
        let elapsed = lastCall.map { now - $0 } ?? .zero
        lastCall = now
        guard let spacing, spacing >= minimumSpacing, let current = limit else {
            limit = target
            credit = 1
            return target - frontier
        }
        credit = min(1, credit + elapsed / spacing)
        var paced = current
        if paced < target, credit >= 1 {
            paced += 1
            credit -= 1
        }
        // The frontier's own piece is always in; a frontier that went back (a peer left) shrinks it.
        paced = min(max(paced, frontier + 1), target)
        limit = paced
        return paced - frontier
    }
}
