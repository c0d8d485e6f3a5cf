import Common
import Foundation
import Node
import WireTypes

extension StatusPage {
    /// The additions of this daemon's life: state, bytes, rate, peers, the path or the failure,
    /// and a cancel button for each one still running or failed (``cancelButton(for:)``). The
    /// script refreshes it from `GET /api/v1/update` (or `/api/v1/additions`).
    func additionsList() -> String {
        guard !model.additions.isEmpty else { return "" }
        var html =
            "<table><thead><tr><th>source</th><th>state</th><th>progress</th><th>peers</th><th></th></tr></thead><tbody>"
        for addition in model.additions {
            let total = addition.totalBytes.map { " of " + ByteCount.size($0) } ?? ""
            let detail =
                addition.error.map { "<div class=\"bad\">\(e($0))</div>" }
                ?? addition.path.map { "<div class=\"l\">\(e($0))</div>" } ?? ""
            html += """
                <tr class="addition" data-state="\(addition.state.rawValue)"><td>\(e(addition.name ?? addition.source))\(detail)</td>\
                <td>\(addition.state.rawValue)</td>\
                <td>\(addition.via == "swarm" && !addition.hasMetadata ? "waiting for metadata · " : "")\
                \(e(ByteCount.size(addition.bytesDone) + total)) at \(e(ByteCount.size(Int64(addition.bytesPerSecond))))/s</td>\
                <td>\(addition.via == "swarm" ? "\(addition.peers)" : "origin")</td><td>\(cancelButton(for: addition))</td></tr>
                """
        }
        return html + "</tbody></table>"
    }

    /// The form cancelling `addition` (`POST /ui/additions/{id}/cancel`): for one still running,
    /// or failed (its partial files go), when signed in; nothing once it is placed or cancelled.
    func cancelButton(for addition: AdditionStatus) -> String {
        guard model.csrf != nil, [.starting, .fetching, .failed].contains(addition.state) else { return "" }
        return """
            <form method="post" action="/ui/additions/\(addition.id)/cancel" class="cancel-addition">\(csrfField)\
            <button class="quiet" type="submit" id="cancel-addition-\(addition.id)">cancel</button></form>
            """
    }

    /// The fleet: every peer known, reachable or why not, and what each holds.
    func fleetSection() -> String {
        var html = "<section id=\"fleet\"><h2>Fleet</h2>"
        guard let fleet = model.fleet, !fleet.peers.isEmpty else {
            return html
                + "<p class=\"muted\" id=\"no-fleet\">No fleet peers known (fleet.peers, fleet.discovery).</p></section>"
        }
        html +=
            "<p class=\"hint\">\(fleet.peers.count) peer\(fleet.peers.count == 1 ? "" : "s")"
            + (fleet.selfAddress.map { "; this node is \(e($0))" } ?? "") + ".</p>"
        html += "<table><thead><tr><th>peer</th><th>web</th><th>holds</th></tr></thead><tbody>"
        for peer in fleet.peers {
            let holds: String
            if let images = peer.images {
                holds =
                    images.isEmpty
                    ? "<span class=\"muted\">nothing</span>"
                    : "\(images.count) image\(images.count == 1 ? "" : "s"): "
                        + images.map { "<span class=\"spec\">\(e($0.path))</span>" }.joined(separator: ", ")
            } else {
                holds = "<span class=\"bad\">\(e(peer.error ?? "no answer"))</span>"
            }
            html += """
                <tr class="fleet-peer" data-reachable="\(peer.reachable)"><td>\(e(peer.peer))</td>\
                <td>\(peer.reachable ? "<span class=\"ok\">answers</span>" : "<span class=\"bad\">unreachable</span>") \
                <span class="l">\(e(peer.webURL))</span></td><td>\(holds)</td></tr>
                """
        }
        return html + "</tbody></table></section>"
    }
}
