import Acquisition
import Swarm
import Testing

@testable import Acquisition

/// How long a feeder leaves other members' fronts to them: one level of impatience per stretch of
/// patience with nothing found, the stretch at least twice its last request.
struct OriginFeedPatienceTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func impatienceGrowsOneLevelPerStretchWithNothingFound() {
        var patience = OriginFeedPatience(patience: .seconds(1))
        #expect(patience.level(at: Self.at(5)) == 0)
        patience.foundNothing(at: Self.at(0))
        patience.foundNothing(at: Self.at(0.5))
        #expect(patience.level(at: Self.at(0.9)) == 0)
        #expect(patience.level(at: Self.at(1)) == 1)
        #expect(patience.level(at: Self.at(2.5)) == 2)
    }

    @Test func slowRequestsStretchThePatience() {
        var patience = OriginFeedPatience(patience: .seconds(1))
        patience.found(atLevel: 0, requestTook: .seconds(3))
        patience.foundNothing(at: Self.at(0))
        #expect(patience.level(at: Self.at(5.9)) == 0)
        #expect(patience.level(at: Self.at(6)) == 1)
    }

    @Test func onlyARunFoundWithoutImpatienceEndsTheWait() {
        var patience = OriginFeedPatience(patience: .seconds(1))
        patience.foundNothing(at: Self.at(0))
        patience.found(atLevel: 1, requestTook: .milliseconds(100))
        #expect(patience.level(at: Self.at(2)) == 2)
        patience.found(atLevel: 0, requestTook: .milliseconds(100))
        #expect(patience.level(at: Self.at(3)) == 0)
    }

    @Test func progressRestartsTheWait() {
        var patience = OriginFeedPatience(patience: .seconds(1))
        patience.foundNothing(at: Self.at(0))
        patience.sawProgress(at: Self.at(0.8))
        #expect(patience.level(at: Self.at(1.5)) == 0)
        #expect(patience.level(at: Self.at(1.8)) == 1)
        // Progress before anything was missed changes nothing.
        var fresh = OriginFeedPatience(patience: .seconds(1))
        fresh.sawProgress(at: Self.at(0))
        #expect(fresh.level(at: Self.at(5)) == 0)
    }

    @Test func beforeTheFrontierIsOvertakenTheWaitIsTenTimesLonger() {
        var patience = OriginFeedPatience(patience: .seconds(1))
        patience.foundNothing(at: Self.at(0))
        #expect(patience.level(at: Self.at(5), overtaken: false) == 0)
        #expect(patience.level(at: Self.at(10), overtaken: false) == 1)
        #expect(patience.level(at: Self.at(5), overtaken: true) == 5)
        #expect(OriginPieceFeeder.isFrontierOvertaken(PieceMap(have: [true, false, true], availability: [0, 0, 0])))
        #expect(OriginPieceFeeder.isFrontierOvertaken(PieceMap(have: [false, false, false], availability: [0, 0, 1])))
        #expect(!OriginPieceFeeder.isFrontierOvertaken(PieceMap(have: [true, false, false], availability: [0, 0, 0])))
        #expect(!OriginPieceFeeder.isFrontierOvertaken(PieceMap(have: [true, true], availability: [0, 0])))
    }
}
