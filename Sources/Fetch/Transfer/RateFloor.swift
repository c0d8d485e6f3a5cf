import Foundation

/// The minimum average rate a transfer must keep: ``FetchSettings/minimumRate`` bytes per second
/// over each ``FetchSettings/minimumRateWindow``, windows back to back from the start of the
/// request (connecting and waiting for the first byte count too). Checked from libcurl's progress
/// callback, which runs at least once a second even while nothing arrives.
struct RateFloor {
    let bytesPerSecond: Int
    let window: Duration
    private var windowStart: ContinuousClock.Instant
    private var bytesAtWindowStart: Int64 = 0

    init(settings: FetchSettings, now: ContinuousClock.Instant = .now) {
        bytesPerSecond = settings.minimumRate
        window = settings.minimumRateWindow
        windowStart = now
    }

    /// When a window has just ended below the floor, its average rate (bytes per second); nil
    /// otherwise. `received` counts the body bytes of this request so far.
    mutating func shortfall(received: Int64, now: ContinuousClock.Instant = .now) -> Double? {
        guard bytesPerSecond > 0, window > .zero else { return nil }
        let elapsed = now - windowStart
        guard elapsed >= window else { return nil }
        let rate = Double(received - bytesAtWindowStart) / elapsed.seconds
        windowStart = now
        bytesAtWindowStart = received
        return rate < Double(bytesPerSecond) ? rate : nil
    }

    /// The error that abandons `url` after a window at `rate`.
    func error(url: URL, rate: Double) -> FetchError {
        FetchError(
            .tooSlow, url: url,
            "\(url.absoluteString): \(Int(rate)) bytes/s over \(String(format: "%g", window.seconds)) s, below the minimum \(bytesPerSecond) bytes/s (fetch.min_rate)"
        )
    }
}
