import Foundation

/// How often and how patiently one mirror is retried after a transient failure (timeouts, broken
/// connections, HTTP 408/429/5xx).
///
/// The pause before retry *n* is `initialDelay × multiplier^(n-1)`, capped at `maxDelay`, then
/// spread by ±`jitter` so that a fleet does not retry in lockstep. Defaults: 4 attempts per mirror,
/// pauses of about 1 s, 2 s, 4 s (each ±20 %), at most 30 s.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per mirror before moving on to the next one (1 = no retry).
    public var maxAttemptsPerMirror: Int
    /// Pause before the first retry.
    public var initialDelay: Duration
    /// Growth factor of the pause between consecutive retries.
    public var multiplier: Double
    /// Longest pause, before jitter.
    public var maxDelay: Duration
    /// Fraction of the pause drawn at random on either side (0.2 = ±20 %).
    public var jitter: Double
    /// An attempt that added at least this many bytes to the file before failing resets the count:
    /// a link that breaks now and then but makes progress is not abandoned.
    public var progressResetBytes: Int64

    public init(
        maxAttemptsPerMirror: Int = 4, initialDelay: Duration = .seconds(1), multiplier: Double = 2,
        maxDelay: Duration = .seconds(30), jitter: Double = 0.2, progressResetBytes: Int64 = 8 << 20
    ) {
        self.maxAttemptsPerMirror = max(1, maxAttemptsPerMirror)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.progressResetBytes = progressResetBytes
    }

    /// The pause before retry number `retry` (1 = the first retry), given `unit`, a random number
    /// in `0..<1`.
    public func delay(beforeRetry retry: Int, random unit: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let base = min(initialDelay.seconds * pow(multiplier, exponent), maxDelay.seconds)
        let spread = 1 + jitter * (2 * min(max(unit, 0), 1) - 1)
        return .nanoseconds(Int64((base * spread * 1e9).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
