import Common
import Foundation
import Synchronization
import WireTypes

/// Draws a download's progress on stderr: a bar redrawn in place when stderr is a terminal,
/// plain lines every few seconds otherwise (logs, CI).
///
/// The rate shown is measured from the verified bytes between reports (smoothed), because
/// libtorrent's own rate is a slow average that lags far behind on fast links.
final class ProgressReporter: Sendable {
    let isTerminal = isatty(STDERR_FILENO) == 1
    /// The previous report's time and bytes, and the smoothed rate in bytes per second.
    private let previous = Mutex<(at: ContinuousClock.Instant, done: Int64, rate: Double)?>(nil)

    /// How often ``report(_:)`` should be called.
    var interval: Duration { isTerminal ? .milliseconds(250) : .seconds(5) }

    /// Shows one snapshot.
    func report(_ status: AdditionStatus) {
        let rate = measure(status)
        let line = Self.line(for: status, rate: rate, barWidth: isTerminal ? 24 : 0)
        write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
    }

    /// Ends the bar's line so later messages start on a fresh one.
    func finish() {
        if isTerminal { write("\n") }
    }

    /// Bytes per second since the previous report, smoothed; libtorrent's figure before that.
    private func measure(_ status: AdditionStatus) -> Int {
        let now = ContinuousClock.now
        return previous.withLock { previous in
            guard let last = previous else {
                previous = (now, status.bytesDone, status.bytesPerSecond)
                return Int(status.bytesPerSecond)
            }
            let elapsed =
                Double((now - last.at).components.attoseconds) / 1e18 + Double((now - last.at).components.seconds)
            guard elapsed >= 1 else { return Int(last.rate) }  // libtorrent updates in bursts: measure over ≥ 1 s
            let instant = Double(max(0, status.bytesDone - last.done)) / elapsed
            let rate = last.rate == 0 ? instant : 0.7 * instant + 0.3 * last.rate
            previous = (now, status.bytesDone, rate)
            return Int(rate)
        }
    }

    /// `[#######.....]  45.2%  123.4 MiB / 512.0 MiB  85.3 MiB/s  3 peers  ETA 0:05`; before the
    /// size is known `ubuntu.iso: metadata no  0 B  0 B/s  0 peers`; at the end the outcome.
    static func line(for status: AdditionStatus, rate: Int, barWidth: Int) -> String {
        let peers = "\(status.peers) peer" + (status.peers == 1 ? "" : "s")
        let name = status.name ?? (status.via == "swarm" ? "torrent" : "download")
        switch status.state {
        case .failed: return "\(name): failed: \(status.error ?? "no reason given")"
        case .cancelled: return "\(name): cancelled"
        default: break
        }
        guard let total = status.totalBytes, status.state != .starting else {
            var parts = ["\(name):"]
            if status.via == "swarm" { parts.append("metadata \(status.hasMetadata ? "yes" : "no")") }
            parts += [ByteCount.size(status.bytesDone), ByteCount.rate(rate)]
            if status.via == "swarm" { parts.append(peers) }
            return parts.joined(separator: "  ")
        }
        var parts: [String] = []
        if barWidth > 0 {
            let filled = min(barWidth, Int(status.progress * Double(barWidth)))
            parts.append(
                "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
        }
        parts.append(String(format: "%5.1f%%", status.progress * 100))
        parts.append("\(ByteCount.size(status.bytesDone)) / \(ByteCount.size(total))")
        parts.append(ByteCount.rate(rate))
        if status.via == "swarm" { parts.append(peers) }
        let remaining = total - status.bytesDone
        let eta: Int64? = rate > 0 ? remaining / Int64(rate) : nil
        parts.append("ETA " + ByteCount.duration(seconds: eta))
        if status.state == .placing { parts.append("(placing)") }
        return parts.joined(separator: "  ")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
