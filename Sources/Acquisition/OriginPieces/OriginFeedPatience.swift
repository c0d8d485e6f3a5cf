/// How impatient an ``OriginPieceFeeder`` has grown (``OriginPiecePlanner/nextRun(in:skipping:impatience:)``):
/// one level for each stretch of `patience` (at least twice its last request) during which the
/// planner found nothing, since another member's front is its owner's unless that owner left.
struct OriginFeedPatience {
    let patience: Duration
    private var idleSince: ContinuousClock.Instant?
    private var lastRequest = Duration.zero

    init(patience: Duration) { self.patience = patience }

    /// The impatience at `now`: 0 until the planner has found nothing for a while.
    func level(at now: ContinuousClock.Instant) -> Int {
        guard let idleSince else { return 0 }
        return Int((now - idleSince) / max(patience, lastRequest * 2))
    }

    /// The planner found nothing at `now`.
    mutating func foundNothing(at now: ContinuousClock.Instant) {
        idleSince = idleSince ?? now
    }

    /// The planner found a run at impatience `level`; the request took `duration`. A run found
    /// without impatience ends the wait; one found thanks to it keeps the level growing.
    mutating func found(atLevel level: Int, requestTook duration: Duration) {
        if level == 0 { idleSince = nil }
        lastRequest = duration
    }
}
