import Testing

@testable import Acquisition

/// The planner's window grows by at most one piece per spacing, so pieces that enter it together
/// start one after another instead of in lockstep.
struct OriginFeedPacingTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    static func pacing() -> OriginFeedPacing { OriginFeedPacing(minimumSpacing: .milliseconds(50)) }

    @Test func theSpacingIsHalfAPiecesTime() {
        // 16 MiB pieces at 25 MB/s take 0.67 s.
        let spacing = OriginFeedPacing.spacing(pieceSize: 16 << 20, bytesPerSecond: 25e6)
        #expect(spacing.map { abs($0 / .seconds(1) - 0.3355) < 0.001 } == true)
        #expect(OriginFeedPacing.spacing(pieceSize: 16 << 20, bytesPerSecond: nil) == nil)
        #expect(OriginFeedPacing.spacing(pieceSize: 16 << 20, bytesPerSecond: 0) == nil)
    }

    @Test func piecesEnteringTogetherStartASpacingApart() {
        var pacing = Self.pacing()
        let spacing = Duration.milliseconds(300)
        // The first call takes the whole window: nothing is known of what is in flight.
        #expect(pacing.window(frontier: 0, window: 2, spacing: spacing, at: Self.at(0)) == 2)
        // Pieces 0 and 1 complete together: 2 and 3 enter; 2 may start at once, 3 a spacing later.
        #expect(pacing.window(frontier: 2, window: 2, spacing: spacing, at: Self.at(1.30)) == 1)
        #expect(pacing.window(frontier: 2, window: 2, spacing: spacing, at: Self.at(1.45)) == 1)
        #expect(pacing.window(frontier: 2, window: 2, spacing: spacing, at: Self.at(1.62)) == 2)
        #expect(pacing.window(frontier: 2, window: 2, spacing: spacing, at: Self.at(1.65)) == 2)
        // A long gap between calls (this node's own request) still lets in one piece, not several.
        #expect(pacing.window(frontier: 6, window: 3, spacing: spacing, at: Self.at(5)) == 1)
    }

    @Test func theSteadyStateIsNotHeldBack() {
        var pacing = Self.pacing()
        let spacing = Duration.milliseconds(300)
        _ = pacing.window(frontier: 0, window: 2, spacing: spacing, at: Self.at(0))
        // One piece completes every 0.6 s (twice the spacing): each new one starts at once.
        for step in 1...5 {
            #expect(pacing.window(frontier: step, window: 2, spacing: spacing, at: Self.at(0.6 * Double(step))) == 2)
        }
    }

    @Test func spacingsShorterThanAPollDoNotPace() {
        var pacing = Self.pacing()
        _ = pacing.window(frontier: 0, window: 20, spacing: .milliseconds(5), at: Self.at(0))
        #expect(pacing.window(frontier: 10, window: 20, spacing: .milliseconds(5), at: Self.at(0.05)) == 20)
        // Without a spacing (the rate is not known yet) there is no pacing either.
        #expect(pacing.window(frontier: 20, window: 4, spacing: nil, at: Self.at(0.1)) == 4)
    }

    @Test func theFrontierPieceIsAlwaysInAndAFrontierGoingBackShrinksTheWindow() {
        var pacing = Self.pacing()
        let spacing = Duration.seconds(1)
        _ = pacing.window(frontier: 0, window: 4, spacing: spacing, at: Self.at(0))
        // The frontier jumps past the paced end: its own piece is in at once.
        #expect(pacing.window(frontier: 9, window: 4, spacing: spacing, at: Self.at(0.1)) == 1)
        // A peer left and the frontier went back: the window ends where the plain one does.
        #expect(pacing.window(frontier: 7, window: 2, spacing: spacing, at: Self.at(0.2)) == 2)
    }
}
