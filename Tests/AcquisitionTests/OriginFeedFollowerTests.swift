import Swarm
import Testing

@testable import Acquisition

/// A node joining a fan-out under way leaves the origin to the fleet that started it, while the
/// fleet makes progress and no longer.
struct OriginFeedFollowerTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    /// A map of `count` pieces: the first `held` held here, the next `available` held by a peer.
    static func map(count: Int = 100, held: Int = 0, available: Int) -> PieceMap {
        PieceMap(
            have: (0..<count).map { $0 < held },
            availability: (0..<count).map { $0 >= held && $0 < held + available ? 1 : 0 })
    }

    /// `shouldWait`, outside `#expect` (which cannot call a mutating method).
    func waits(
        _ follower: inout OriginFeedFollower, _ map: PieceMap, peers: Int, at now: ContinuousClock.Instant
    ) -> Bool {
        follower.shouldWait(map, peers: peers, at: now)
    }

    @Test func aNodeIsLateWhenItsPeersAlreadyHoldAFifthOfTheImage() {
        let mib = 1 << 20
        #expect(!OriginFeedFollower.joinsLate(Self.map(available: 0), pieceSize: mib))
        #expect(!OriginFeedFollower.joinsLate(Self.map(available: 19), pieceSize: 4 * mib))
        #expect(OriginFeedFollower.joinsLate(Self.map(available: 20), pieceSize: 4 * mib))
        // Two pieces of sixteen are no fifth; four are.
        #expect(!OriginFeedFollower.joinsLate(Self.map(count: 16, available: 3), pieceSize: 16 * mib))
        #expect(OriginFeedFollower.joinsLate(Self.map(count: 16, available: 4), pieceSize: 16 * mib))
        // A small image never tells: three of a 32 MiB image's 1 MiB pieces came from the first
        // gate to open before the others opened.
        #expect(!OriginFeedFollower.joinsLate(Self.map(count: 32, available: 30), pieceSize: mib))
        // Pieces that already came over from the peers during the gate's grace count too.
        #expect(
            OriginFeedFollower.joinsLate(
                Self.map(count: 16, held: 6, available: 0).withPeersHolding(0..<6), pieceSize: 16 * mib))
        // What this node holds on its own (resumed from disk) is no head start of the peers'.
        #expect(!OriginFeedFollower.joinsLate(Self.map(count: 16, held: 6, available: 0), pieceSize: 16 * mib))
    }

    @Test func aFollowerWaitsWhileThePeersGainPieces() {
        var follower = OriginFeedFollower(patience: .seconds(10))
        follower.start(with: Self.map(available: 50), pieceSize: 4 << 20, at: Self.at(0))
        #expect(waits(&follower, Self.map(available: 50), peers: 4, at: Self.at(9)))
        #expect(waits(&follower, Self.map(held: 40, available: 15), peers: 4, at: Self.at(9.5)))
        #expect(waits(&follower, Self.map(held: 40, available: 15), peers: 4, at: Self.at(19)))
        #expect(!waits(&follower, Self.map(held: 40, available: 15), peers: 4, at: Self.at(19.5)))
        // Once it stopped following, its own fetches never make it wait again.
        #expect(!waits(&follower, Self.map(held: 60, available: 15), peers: 4, at: Self.at(20)))
    }

    @Test func aFollowerWithoutPeersStopsFollowing() {
        var follower = OriginFeedFollower(patience: .seconds(10))
        follower.start(with: Self.map(available: 50), pieceSize: 4 << 20, at: Self.at(0))
        #expect(waits(&follower, Self.map(available: 50), peers: 1, at: Self.at(1)))
        #expect(!waits(&follower, Self.map(available: 0), peers: 0, at: Self.at(2)))
        #expect(!waits(&follower, Self.map(available: 60), peers: 3, at: Self.at(3)))
    }

    @Test func aNodeThatStartedWithTheFleetNeverWaits() {
        var follower = OriginFeedFollower(patience: .seconds(10))
        follower.start(with: Self.map(available: 1), pieceSize: 4 << 20, at: Self.at(0))
        #expect(!follower.isFollowing)
        #expect(!waits(&follower, Self.map(available: 80), peers: 3, at: Self.at(1)))
    }
}

extension PieceMap {
    /// This map with one peer holding `pieces`.
    fileprivate func withPeersHolding(_ pieces: Range<Int>) -> PieceMap {
        PieceMap(have: have, availability: availability.indices.map { pieces.contains($0) ? 1 : availability[$0] })
    }
}
