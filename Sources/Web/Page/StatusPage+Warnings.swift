import Foundation
import ISOCatalog
import Node
import WireTypes

extension StatusPage {
    /// The warnings of the last update run (whoever ran it), grouped by selection, and the
    /// selections that nothing in the manifest matches today (issue 13, item 4). Empty when there is
    /// nothing to warn about and the last run did not fail outright. Swapped in live by
    /// ``PageScript/liveSections``.
    func warningsSection() -> String {
        var bySelection: [(String, [String])] = []
        func add(_ selection: String, _ message: String) {
            if let index = bySelection.firstIndex(where: { $0.0 == selection }) {
                bySelection[index].1.append(message)
            } else {
                bySelection.append((selection, [message]))
            }
        }
        for (selection, warning) in model.unmatched { add(selection, warning) }
        let run = model.lastRun
        let flagged = Set(model.unmatched.map(\.selection))
        // A selection flagged as matching nothing today says so once, from today's manifest.
        for warning in run?.warnings ?? []
        where !(warning.kind == .unresolved && flagged.contains(warning.selection ?? "")) {
            add(warning.selection ?? "the whole run", "\(warning.kind.rawValue): \(warning.message)")
        }
        guard !bySelection.isEmpty || run?.failure != nil else {
            return "<section id=\"run-warnings\" hidden></section>"
        }
        var html = "<section id=\"run-warnings\"><h2>Warnings</h2>"
        if let run {
            // A run that failed outright says why (scrubbed when recorded: LastRunRecord).
            let why = run.failure.map { ": \(e($0))" } ?? ""
            html +=
                "<p class=\"last-run-outcome\">Last run: <strong>\(e(run.outcome))</strong> · ended \(e(run.finished))\(why)</p>"
        }
        html += "<ul class=\"warnings\">"
        for (selection, messages) in bySelection {
            html +=
                "<li class=\"warning\" data-selection=\"\(e(selection))\"><code>\(e(selection))</code><ul>"
                + messages.map { "<li class=\"warn\">\(e($0))</li>" }.joined() + "</ul></li>"
        }
        return html + "</ul></section>"
    }

    /// "Next pull at …" under the interval form: when the daemon's sync loop pulls next, which moves
    /// as soon as the interval changes; swapped in live.
    func nextPullLine() -> String {
        guard let next = model.status.manifest.nextPull else {
            return
                "<p class=\"hint\" id=\"next-pull\">No pull scheduled: no manifest.url, or the sync loop is not running.</p>"
        }
        return "<p id=\"next-pull\">Next pull at <time>\(e(next))</time>.</p>"
    }
}
