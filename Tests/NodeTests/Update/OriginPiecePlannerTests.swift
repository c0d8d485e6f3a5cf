import Node
import Swarm
import Testing

/// Which pieces a node takes from the origin: its own region first, then other regions from their
/// far end, never a piece a peer can give.
struct OriginPiecePlannerTests {
    /// A map of `count` pieces, none held, none available.
    static func empty(_ count: Int) -> PieceMap {
        PieceMap(have: .init(repeating: false, count: count), availability: .init(repeating: 0, count: count))
    }

    static func map(_ count: Int, have: Set<Int> = [], available: Set<Int> = []) -> PieceMap {
        PieceMap(have: (0..<count).map(have.contains), availability: (0..<count).map { available.contains($0) ? 1 : 0 })
    }

    @Test func regionsCoverEveryPieceOnceInRankOrder() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 3, maxRunPieces: 4)
        let regions = (0..<3).map { planner.region(of: $0, pieceCount: 10) }
        #expect(regions == [0..<3, 3..<6, 6..<10])
    }

    @Test(arguments: [0, 1, 2])
    func atAFreshStartEachMemberBeginsAtTheFrontOfItsOwnRegion(rank: Int) {
        let planner = OriginPiecePlanner(rank: rank, fleetSize: 3, maxRunPieces: 2)
        let start = planner.region(of: rank, pieceCount: 30).lowerBound
        #expect(planner.nextRun(in: Self.empty(30)) == start..<(start + 2))
    }

    @Test func runsStopAtTheRegionsEndAndAtPiecesOthersCanGive() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 2, maxRunPieces: 8)
        #expect(planner.nextRun(in: Self.empty(6)) == 0..<3)
        #expect(planner.nextRun(in: Self.map(6, have: [0], available: [2])) == 1..<2)
        #expect(planner.nextRun(in: Self.map(6, available: [0, 1])) == 2..<3)
        #expect(planner.nextRun(in: Self.empty(6), skipping: [0]) == 1..<3)
    }

    @Test func withItsOwnRegionDoneAMemberHelpsTheNextFromItsFarEnd() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 3, maxRunPieces: 2)
        // Own region 0..<3 held; region 1 (3..<6) is its owner's, taken from the back.
        #expect(planner.nextRun(in: Self.map(9, have: [0, 1, 2])) == 4..<6)
        #expect(planner.nextRun(in: Self.map(9, have: [0, 1, 2, 5], available: [4])) == 3..<4)
        // Region 1 all available from peers: on to region 2, from its back.
        #expect(planner.nextRun(in: Self.map(9, have: [0, 1, 2], available: [3, 4, 5])) == 7..<9)
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

    @Test func aFleetOfTwoPiecesAndFourMembersLeavesSomeRegionsEmpty() {
        let planner = OriginPiecePlanner(rank: 0, fleetSize: 4, maxRunPieces: 4)
        #expect(planner.region(of: 0, pieceCount: 2).isEmpty)
        // Nothing of its own: it helps the next non-empty region.
        #expect(planner.nextRun(in: Self.empty(2)) == 0..<1)
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
}
