public import Swarm

/// Whether an ``OriginPieceFeeder`` joined a fan-out already under way, and while it did, whether
/// it may take anything from the origin yet.
///
/// A node that joins late (an autoscaling group growing during a fan-out, a node restarted after
/// a crash) counts itself a member, so its stripes (``OriginPiecePlanner``) overlap the stripes
/// the fleet that started together is already fetching. It therefore **follows**: it takes
/// nothing from the origin while it has a peer and the pieces it can get from someone keep
/// growing. It stops following for good, and plans like any member, once that count has not
/// grown for ``patience`` (the members fetching them are stuck) or no peer is connected.
///
/// The feeder decides once, when its gate opens: late when its peers then hold at least
/// ``lateFraction`` of the image's pieces, at least two and at least ``lateBytes`` (some of them
/// may already have come over during the gate's grace). At a simultaneous start nobody holds
/// that much yet: gates open within a fraction of a second of each other. (With 5% and no byte
/// floor, a 32 MiB image's fleet misjudged itself: the first gate to open fetched three 1 MiB
/// pieces before the others opened, the others followed, and one node fetched alone for 30 s.)
/// An image too small to tell is fetched by the late node as by any member.
struct OriginFeedFollower {
    /// The share of the image's pieces its peers must already hold for a node to count as late.
    static let lateFraction = 0.2
    /// The bytes its peers must already hold for a node to count as late.
    static let lateBytes: Int64 = 32 << 20

    let patience: Duration
    private(set) var isFollowing = false
    private var reachable = 0
    private var grewAt: ContinuousClock.Instant?

    init(patience: Duration) { self.patience = patience }

    /// True when, at the gate's opening, the peers' head start in `map` (pieces of `pieceSize`
    /// bytes) makes this node late.
    static func joinsLate(_ map: PieceMap, pieceSize: Int) -> Bool {
        let ahead = map.availability.lazy.filter { $0 > 0 }.count
        return ahead >= 2 && Double(ahead) >= lateFraction * Double(map.count)
            && Int64(ahead) * Int64(pieceSize) >= lateBytes
    }

    /// Called once, when the gate opens.
    mutating func start(with map: PieceMap, pieceSize: Int, at now: ContinuousClock.Instant) {
        isFollowing = Self.joinsLate(map, pieceSize: pieceSize)
        reachable = map.reachableCount
        grewAt = now
    }

    /// True while a follower should leave the origin alone. Always false for a node that did not
    /// join late, and from the first time the reachable pieces stop growing for ``patience`` or
    /// `peers` is 0.
    mutating func shouldWait(_ map: PieceMap, peers: Int, at now: ContinuousClock.Instant) -> Bool {
        guard isFollowing else { return false }
        let count = map.reachableCount
        if count > reachable {
            reachable = count
            grewAt = now
        }
        if peers == 0 || now - (grewAt ?? now) >= patience { isFollowing = false }
        return isFollowing
    }
}
