import Foundation
import Swarm

/// Draws a download's progress on stderr: a bar redrawn in place when stderr is a terminal,
/// plain lines every few seconds otherwise (logs, CI).
struct ProgressReporter {
    let isTerminal = isatty(STDERR_FILENO) == 1

    /// How often ``report(_:)`` should be called.
    var interval: Duration { isTerminal ? .milliseconds(250) : .seconds(5) }

    /// Shows one snapshot.
    func report(_ status: TorrentStatus) {
        let line = Self.line(for: status, barWidth: isTerminal ? 24 : 0)
        write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
    }

    /// Ends the bar's line so later messages start on a fresh one.
    func finish() {
        if isTerminal { write("\n") }
    }

    /// `[#######.....]  45.2%  123.4 MiB / 512.0 MiB  85.3 MiB/s  3 peers  ETA 0:05`.
    static func line(for status: TorrentStatus, barWidth: Int) -> String {
        let peers = "\(status.peers) peer" + (status.peers == 1 ? "" : "s")
        guard status.hasMetadata else {
            return "\(status.name.isEmpty ? "torrent" : status.name): fetching metadata, \(peers)"
        }
        var parts: [String] = []
        if barWidth > 0 {
            let filled = min(barWidth, Int(status.progress * Double(barWidth)))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
        }
        parts.append(String(format: "%5.1f%%", status.progress * 100))
        parts.append("\(ByteFormat.size(status.totalDone)) / \(ByteFormat.size(status.totalWanted))")
        parts.append(ByteFormat.rate(status.payloadDownloadRate))
        parts.append(peers)
        let remaining = status.totalWanted - status.totalDone
        let eta: Int64? = status.payloadDownloadRate > 0 ? remaining / Int64(status.payloadDownloadRate) : nil
        parts.append("ETA " + ByteFormat.duration(seconds: eta))
        if status.state == .checkingFiles || status.state == .checkingResumeData { parts.append("(checking)") }
        return parts.joined(separator: "  ")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
