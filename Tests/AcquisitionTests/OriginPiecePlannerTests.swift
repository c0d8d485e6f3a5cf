import Acquisition
import Common
import Node
import Swarm
import Testing

/// Which pieces a node takes from the origin: its own stripes front to back, then the other
/// members' stripes from the back, never a piece a peer can give.
struct OriginPiecePlannerTests {
    /// A map of `count` pieces, none held, none available.
    static func empty(_ count: Int) -> PieceMap {
        PieceMap(have: .init(repeating: false, count: count), availability: .init(repeating: 0, count: count))
    }

    static func map(_ count: Int, have: Set<Int> = [], available: Set<Int> = []) -> PieceMap {
        PieceMap(have: (0..<count).map(have.contains), availability: (0..<count).map { available.contains($0) ? 1 : 0 })
    }

    @Test func stripesAreDealtInTurnAndCoverEveryPieceOnce() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 3, maxRunPieces: 2)
        let stripes = (0..<3).map { planner.stripes(of: $0, pieceCount: 11) }
        #expect(stripes == [[0..<2, 6..<8], [2..<4, 8..<10], [4..<6, 10..<11]])
        let covered = stripes.flatMap { $0.flatMap { Array($0) } }.sorted()
        #expect(covered == Array(0..<11))
    }

    @Test(arguments: [0, 1, 2])
    func atAFreshStartEachMemberBeginsWithItsFirstStripe(rank: Int) {
        let planner = OriginPiecePlanner(rank: rank, fleetSize: 3, maxRunPieces: 2)
        #expect(planner.nextRun(in: Self.empty(30)) == (rank * 2)..<(rank * 2 + 2))
    }

    @Test func aMemberWalksItsStripesFrontToBack() {
        let planner = OriginPiecePlanner(rank: 1, fleetSize: 2, maxRunPieces: 2)
        // Member 1 owns 2..<4 and 6..<8.
        #expect(planner.nextRun(in: Self.map(8, have: [2, 3])) == 6..<8)
        #expect(planner.nextRun(in: Self.map(8, have: [2])) == 3..<4)
    }

    @Test func runsStopAtTheStripesEndAndAtPiecesOthersCanGive() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 2, maxRunPieces: 3)
        #expect(planner.nextRun(in: Self.empty(12)) == 0..<3)
        #expect(planner.nextRun(in: Self.map(12, have: [0], available: [2])) == 1..<2)
        #expect(planner.nextRun(in: Self.map(12, available: [0, 1])) == 2..<3)
        #expect(planner.nextRun(in: Self.empty(12), skipping: [0]) == 1..<3)
    }

    @Test func withItsOwnStripesDoneAMemberHelpsTheNextFromTheBack() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 3, maxRunPieces: 1)
        // Of 15 pieces member m owns m, m + 3, m + 6, m + 9 and m + 12; member 1's front is 1 and 4.
        let own: Set = [0, 3, 6, 9, 12]
        #expect(planner.nextRun(in: Self.map(15, have: own)) == 13..<14)
        #expect(planner.nextRun(in: Self.map(15, have: own.union([13]), available: [10])) == 7..<8)
        // Member 1's missing pieces all come from peers: on to member 2 (front 2 and 5), two
        // places after this node, so the second wanted piece from the back.
        #expect(planner.nextRun(in: Self.map(15, have: own, available: [1, 4, 7, 10, 13])) == 11..<12)
    }

    @Test func aHelperLeavesTheOwnersFrontUntilAllowed() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 2, maxRunPieces: 1)
        // Member 1 owns 1, 3, 5 and 7; its front (fetching one, feeding the other) is 1 and 3.
        let own: Set = [0, 2, 4, 6]
        #expect(planner.nextRun(in: Self.map(8, have: own)) == 7..<8)
        #expect(planner.nextRun(in: Self.map(8, have: own.union([5, 7]))) == nil)
        #expect(planner.nextRun(in: Self.map(8, have: own.union([5, 7])), impatience: 1) == 3..<4)
        // With 1 held, the front moves on to 3 and 5.
        #expect(planner.nextRun(in: Self.map(8, have: own.union([1]))) == 7..<8)
        #expect(planner.nextRun(in: Self.map(8, have: own.union([1, 7]))) == nil)
    }

    @Test func frontsAreTakenByTheNearestHelpersFirst() {
        // Member 0 left with its front 0 and 4 missing; members 1 and 2 are done.
        let held = Set(0..<12).subtracting([0, 4])
        let last = OriginPiecePlanner(rank: 3, fleetSize: 4, maxRunPieces: 1)
        let second = OriginPiecePlanner(rank: 2, fleetSize: 4, maxRunPieces: 1)
        #expect(last.nextRun(in: Self.map(12, have: held), impatience: 1) == 4..<5)
        #expect(second.nextRun(in: Self.map(12, have: held), impatience: 1) == nil)
        #expect(second.nextRun(in: Self.map(12, have: held), impatience: 2) == 0..<1)
    }

    @Test func helpersAtDifferentDistancesTakeDifferentPieces() {
        // Members 1 and 2 are done; member 3 (owning 3, 7, 11, …, 23 of 24 pieces) lags with its
        // front at 3 and 7. Member 2 (one place before it) and member 1 (two) both help it.
        let held = Set(0..<24).subtracting([3, 7, 11, 15, 19, 23])
        let one = OriginPiecePlanner(rank: 2, fleetSize: 4, maxRunPieces: 1)
        let two = OriginPiecePlanner(rank: 1, fleetSize: 4, maxRunPieces: 1)
        #expect(one.nextRun(in: Self.map(24, have: held)) == 23..<24)
        #expect(two.nextRun(in: Self.map(24, have: held)) == 19..<20)
        // With one piece left besides the front, the nearer helper takes it and the other waits
        // until its impatience reaches member 3 (then the front counts too: 11, 7, 3).
        let nearlyDone = held.union([15, 19, 23])
        #expect(one.nextRun(in: Self.map(24, have: nearlyDone)) == 11..<12)
        #expect(two.nextRun(in: Self.map(24, have: nearlyDone)) == nil)
        #expect(two.nextRun(in: Self.map(24, have: nearlyDone), impatience: 2) == 7..<8)
    }

    @Test func aLateMemberWhosePeersHoldEverythingTakesNothing() {
        let planner = OriginPiecePlanner(rank: 3, fleetSize: 4, maxRunPieces: 4)
        #expect(planner.nextRun(in: Self.map(16, available: Set(0..<16))) == nil)
        #expect(planner.nextRun(in: Self.map(16, have: Set(0..<16))) == nil)
    }

    @Test func aMemberAloneFetchesEverythingInOrder() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 1, maxRunPieces: 3)
        #expect(planner.nextRun(in: Self.empty(7)) == 0..<3)
        #expect(planner.nextRun(in: Self.map(7, have: [0, 1, 2, 3, 4, 5])) == 6..<7)
    }

    @Test func outOfRangeInputsAreClamped() {
        let planner = OriginPiecePlanner(rank: 9, fleetSize: 0, maxRunPieces: 0)
        #expect(planner.rank == 0 && planner.fleetSize == 1 && planner.maxRunPieces == 1)
        #expect(planner.nextRun(in: Self.empty(0)) == nil)
    }

    @Test func aFleetOfTwoPiecesAndFourMembersLeavesSomeWithoutStripes() {
        let planner = OriginPiecePlanner(rank: 3, fleetSize: 4, maxRunPieces: 1)
        #expect(planner.stripes(of: 3, pieceCount: 2).isEmpty)
        // Nothing of its own, and the others' one stripe each is their front: it waits, then
        // helps member 0 (the next with a stripe).
        #expect(planner.nextRun(in: Self.empty(2)) == nil)
        #expect(planner.nextRun(in: Self.empty(2), impatience: 1) == 0..<1)
    }

    @Test func snapshotsRankEveryMemberTheSameWay() {
        let members = ["10.0.0.1:6881", "10.0.0.2:6881", "10.0.0.3:6881"]
        let ranks = members.map { me in
            FleetSnapshot(peers: members, selfAddress: me).rank(fallbackSeed: 0)
        }
        #expect(ranks == [0, 1, 2])
        #expect(FleetSnapshot(peers: members, selfAddress: members[1]).peers == [members[0], members[2]])
        #expect(FleetSnapshot(peers: members).rank(fallbackSeed: 7) == 7 % 4)
    }

    @Test func theWindowKeepsRunsNearTheFrontier() {
        // Eight members, one piece per stripe, a window of four: member 5 waits until the
        // frontier (the first piece nobody can give) is within four pieces of its piece.
        let planner = OriginPiecePlanner(rank: 5, fleetSize: 8, maxRunPieces: 1, window: 4)
        #expect(planner.nextRun(in: Self.empty(16)) == nil)
        #expect(planner.nextRun(in: Self.map(16, have: [0])) == nil)
        #expect(planner.nextRun(in: Self.map(16, have: [0], available: [1])) == 5..<6)
        // Pieces in flight elsewhere hold the frontier back, whatever comes after them.
        #expect(planner.nextRun(in: Self.map(16, have: [1, 2, 3, 4])) == nil)
        #expect(planner.nextRun(in: Self.map(16, have: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])) == 13..<14)
    }

    @Test func aMemberThatLeftIsReplacedInsideTheWindow() {
        // Member 0 holds the frontier and left: the member right before it takes it over first.
        let map = Self.map(16, available: [1, 2, 3])
        let previous = OriginPiecePlanner(rank: 7, fleetSize: 8, maxRunPieces: 1, window: 4)
        #expect(previous.nextRun(in: map) == nil)
        #expect(previous.nextRun(in: map, impatience: 1) == 0..<1)
        let farther = OriginPiecePlanner(rank: 6, fleetSize: 8, maxRunPieces: 1, window: 4)
        #expect(farther.nextRun(in: map, impatience: 1) == nil)
    }

    @Test func theWindowSpansASecondOfProgressAtLeastEightMiBAndTwoPieces() {
        #expect(OriginPiecePlanner.window(pieceSize: 1 << 20, bytesPerSecond: nil) == 8)
        #expect(OriginPiecePlanner.window(pieceSize: 256 << 10, bytesPerSecond: nil) == 32)
        #expect(OriginPiecePlanner.window(pieceSize: 16 << 20, bytesPerSecond: nil) == 2)
        #expect(OriginPiecePlanner.window(pieceSize: 1 << 20, bytesPerSecond: 1_000) == 8)
        // 200 Mbit/s: 25 MB a second.
        #expect(OriginPiecePlanner.window(pieceSize: 1 << 20, bytesPerSecond: 25e6) == 23)
        #expect(OriginPiecePlanner.window(pieceSize: 4 << 20, bytesPerSecond: 25e6) == 5)
        #expect(OriginPiecePlanner.window(pieceSize: 16 << 20, bytesPerSecond: 25e6) == 2)
    }
}
