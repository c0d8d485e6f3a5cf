import Swarm
import Testing

@testable import Acquisition

/// The fleet's progress as a feeder samples it: growth of the pieces anyone holds, and its rate.
struct OriginFeedProgressTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    static func map(held: Int, available: Int, count: Int = 100) -> PieceMap {
        PieceMap(
            have: (0..<count).map { $0 < held },
            availability: (0..<count).map { $0 >= held && $0 < held + available ? 2 : 0 })
    }

    func record(_ progress: inout OriginFeedProgress, _ map: PieceMap, at seconds: Double) -> Bool {
        progress.record(map, at: Self.at(seconds))
    }

    @Test func growthIsWhatAnyoneHoldsGrowing() {
        var progress = OriginFeedProgress()
        #expect(record(&progress, Self.map(held: 0, available: 3), at: 0))
        #expect(!record(&progress, Self.map(held: 3, available: 0), at: 0.5))
        #expect(record(&progress, Self.map(held: 3, available: 1), at: 1))
        #expect(progress.reachable == 4)
    }

    @Test func theRateSpansTheLastTwoSeconds() {
        var progress = OriginFeedProgress()
        _ = record(&progress, Self.map(held: 0, available: 0), at: 0)
        #expect(progress.bytesPerSecond(pieceSize: 1 << 20) == nil)
        _ = record(&progress, Self.map(held: 0, available: 10), at: 1)
        #expect(progress.bytesPerSecond(pieceSize: 1 << 20) == Double(10 << 20))
        // Older samples drop out: 4 s later the rate is the last two seconds' (10 pieces in 2 s).
        for second in 2...5 {
            _ = record(&progress, Self.map(held: 0, available: 10 + 5 * (second - 1)), at: Double(second))
        }
        #expect(progress.bytesPerSecond(pieceSize: 1 << 20) == Double(5 << 20))
    }
}
