import Common
import Foundation
import ISOCatalog
import Node

/// Prints an update run's events on stderr: one line per step (a transfer starting, completing or
/// failing, a deletion) and, when stderr is a terminal, a bar rewritten in place while bytes arrive.
final class UpdateProgressPrinter {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var barShown = false
    private var lastBar: ContinuousClock.Instant?

    /// Consumes `events` until the run finishes (or the stream ends).
    func consume(_ events: AsyncStream<UpdateEvent>) async {
        for await event in events {
            switch event {
            case .planned(let plan, _):
                line("plan: \(plan.fetch.count) to fetch, \(plan.keep.count + plan.delete.count) held")
            case .transferStarted(let status):
                line(
                    "fetching \(status.identity) -> \(status.path) over \(status.kind.rawValue)"
                        + (status.bytesDone > 0 ? " (resuming after \(ByteCount.size(status.bytesDone)))" : ""))
            case .transferProgress(let status):
                bar(status)
            case .transferCompleted(let fetched):
                line(
                    "fetched \(fetched.identity): \(ByteCount.size(fetched.size)), "
                        + (fetched.verified ? "SHA-256 verified" : "size checked (no SHA-256 in the manifest)")
                        + (fetched.source.map { " from \($0)" } ?? ""))
                for note in fetched.notes { line("  note: \(note)") }
            case .transferFailed(let failed):
                line("failed \(failed.identity): \(failed.reason)")
            case .deleted(let entry):
                line("deleted \(entry.path): \(entry.reason)")
            case .finished, .runFailed:
                clearBar()
                return
            }
        }
        clearBar()
    }

    private func line(_ text: String) {
        clearBar()
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    private func bar(_ status: TransferStatus) {
        guard isTerminal else { return }
        let now = ContinuousClock.now
        if let lastBar, now - lastBar < .milliseconds(200) { return }
        lastBar = now
        let width = 30
        var text = ""
        if let total = status.totalBytes, total > 0 {
            let fraction = min(1, Double(status.bytesDone) / Double(total))
            let filled = Int(fraction * Double(width))
            text =
                "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                + String(format: "%3.0f%% ", fraction * 100)
                + "\(ByteCount.size(status.bytesDone)) / \(ByteCount.size(total))"
        } else {
            text = ByteCount.size(status.bytesDone)
        }
        text += " \(ByteCount.size(Int64(status.bytesPerSecond)))/s \(status.kind.rawValue)"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        barShown = true
    }

    private func clearBar() {
        guard barShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        barShown = false
    }
}
