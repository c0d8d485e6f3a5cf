/// How impatient an ``OriginPieceFeeder`` has grown (``OriginPiecePlanner/nextRun(in:skipping:impatience:)``):
/// one level for each stretch of `patience` (at least twice its last request) during which the
/// planner found nothing and the fleet made no progress, since another member's front is its
/// owner's unless that owner left. Finding nothing while pieces keep arriving is the planner's
/// window at work (``OriginPiecePlanner/window``), not a sign of an owner gone.
///
/// The stretch is that short only once the frontier (the first piece nobody can give) is
/// **overtaken**: a later piece already arrived, so the frontier's owner is slower than the rest
/// or gone. Before that, every piece in the window may simply be in flight at the same pace, and
/// the stretch is ten times longer (at least four times the last request), the guard against
/// owners that all left at once.
struct OriginFeedPatience {
    let patience: Duration
    private var idleSince: ContinuousClock.Instant?
    private var lastRequest = Duration.zero

    init(patience: Duration) { self.patience = patience }

    /// The impatience at `now`: 0 until the planner has found nothing for a while.
    /// - Parameter overtaken: whether a piece after the frontier already arrived.
    func level(at now: ContinuousClock.Instant, overtaken: Bool = true) -> Int {
        guard let idleSince else { return 0 }
        let stretch = overtaken ? max(patience, lastRequest * 2) : max(patience * 10, lastRequest * 4)
        return Int((now - idleSince) / stretch)
    }

    /// The planner found nothing at `now`.
    mutating func foundNothing(at now: ContinuousClock.Instant) {
        idleSince = idleSince ?? now
    }

    /// The pieces this node holds or can get from a peer grew at `now`: the owners are at work.
    mutating func sawProgress(at now: ContinuousClock.Instant) {
        if idleSince != nil { idleSince = now }
    }

    /// The planner found a run at impatience `level`; the request took `duration`. A run found
    /// without impatience ends the wait; one found thanks to it keeps the level growing.
    mutating func found(atLevel level: Int, requestTook duration: Duration) {
        if level == 0 { idleSince = nil }
        lastRequest = duration
    }
}
