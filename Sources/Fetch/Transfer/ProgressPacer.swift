import Foundation

/// Paces one attempt's progress events: one every ``FetchSettings/progressInterval`` with the
/// rate since the previous event, and a final one with the attempt's average rate.
struct ProgressPacer {
    private let interval: Duration
    private let started = ContinuousClock.now
    private var lastReport = ContinuousClock.now
    private var lastReportSize: Int64

    /// Starts pacing a file that already holds `size` bytes.
    init(interval: Duration, size: Int64) {
        self.interval = interval
        lastReportSize = size
    }

    /// True when the next in-progress event is due.
    var isDue: Bool { ContinuousClock.now - lastReport >= interval }

    /// The file restarted from zero.
    mutating func restart() { lastReportSize = 0 }

    /// The event for a file now holding `size` bytes, of which this attempt `received`; marks it
    /// reported. A final event without a known `total` takes `size` for it.
    mutating func event(size: Int64, received: Int64, total: Int64?, final: Bool, mirror: URL) -> FetchProgress {
        let now = ContinuousClock.now
        let bytes = final ? received : size - lastReportSize
        let elapsed = max((now - (final ? started : lastReport)).seconds, 1e-6)
        lastReport = now
        lastReportSize = size
        return FetchProgress(
            bytesDone: size, totalBytes: total ?? (final ? size : nil),
            bytesPerSecond: max(0, Double(bytes) / elapsed), mirror: mirror)
    }
}
