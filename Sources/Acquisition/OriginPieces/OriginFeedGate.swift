/// When an ``OriginPieceFeeder`` may send its first origin request: once every other fleet member
/// has been connected for `fleetGrace`, or one peer for `peerGrace`, or after `startDelay` with no
/// peer at all. By then the peers' bitfields have arrived, so a node joining a fleet that already
/// holds the image sees that and takes nothing from the origin.
struct OriginFeedGate {
    let fleetSize: Int
    let startDelay: Duration
    let peerGrace: Duration
    let fleetGrace: Duration
    private let started: ContinuousClock.Instant
    private var firstPeerSeen: ContinuousClock.Instant?
    private var wholeFleetSeen: ContinuousClock.Instant?

    init(
        fleetSize: Int, startDelay: Duration, peerGrace: Duration, fleetGrace: Duration,
        startedAt started: ContinuousClock.Instant = .now
    ) {
        self.started = started
        self.fleetSize = fleetSize
        self.startDelay = startDelay
        self.peerGrace = peerGrace
        self.fleetGrace = fleetGrace
    }

    /// Records that `peers` peers are connected at `now`; true once requests may start.
    mutating func isOpen(peers: Int, at now: ContinuousClock.Instant) -> Bool {
        if peers > 0, firstPeerSeen == nil { firstPeerSeen = now }
        wholeFleetSeen = fleetSize > 1 && peers >= fleetSize - 1 ? wholeFleetSeen ?? now : nil
        if let wholeFleetSeen, now - wholeFleetSeen >= fleetGrace { return true }
        if let firstPeerSeen { return now - firstPeerSeen >= peerGrace }
        return now - started >= startDelay
    }
}
