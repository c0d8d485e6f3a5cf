import Acquisition
import Testing

@testable import Acquisition

/// When origin requests may start: the whole fleet connected for a moment, or one peer for a
/// while, or nobody for longer.
struct OriginFeedGateTests {
    /// Whether a gate for `fleetSize` members (start delay 3 s, peer grace 1 s, fleet grace 0.5 s)
    /// is open at each sample: connected peers at seconds after the start.
    static func openings(fleetSize: Int, _ samples: [(peers: Int, seconds: Double)]) -> [Bool] {
        let start = ContinuousClock.now
        var gate = OriginFeedGate(
            fleetSize: fleetSize, startDelay: .seconds(3), peerGrace: .seconds(1), fleetGrace: .milliseconds(500),
            startedAt: start)
        return samples.map { gate.isOpen(peers: $0.peers, at: start + .seconds($0.seconds)) }
    }

    @Test func aNodeWithoutPeersWaitsTheStartDelay() {
        #expect(Self.openings(fleetSize: 1, [(0, 2.9), (0, 3)]) == [false, true])
    }

    @Test func onePeerOfSeveralOpensItAfterThePeerGrace() {
        #expect(Self.openings(fleetSize: 4, [(1, 0.1), (2, 1.0), (2, 1.1)]) == [false, false, true])
    }

    @Test func theWholeFleetOpensItSooner() {
        #expect(Self.openings(fleetSize: 3, [(2, 0.1), (2, 0.6)]) == [false, true])
    }

    @Test func aMemberDroppingOutRestartsTheFleetGrace() {
        let samples: [(Int, Double)] = [(2, 0.1), (1, 0.3), (2, 0.4), (2, 0.8), (2, 0.9)]
        #expect(Self.openings(fleetSize: 3, samples) == [false, false, false, false, true])
    }
}
