import Common
import Foundation
import ISOCatalog
import WireTypes

extension StatusPage {
    /// The mirrors of `storage.mirrors`: each one's URL (no credentials), its state (in sync,
    /// behind, failing and why, syncing with its progress, leased by another node), the last
    /// sync, and the images the last sync could not put there.
    func storageSection() -> String {
        var html = "<section id=\"storage\"><h2>Storage mirrors</h2>"
        guard !model.storage.mirrors.isEmpty else {
            return html
                + "<p class=\"muted\" id=\"no-mirrors\">No mirrors (storage.mirrors): the repository is kept on this node only.</p></section>"
        }
        html += "<table><thead><tr><th>mirror</th><th>state</th><th>holds</th><th>last sync</th></tr></thead><tbody>"
        for mirror in model.storage.mirrors {
            let failures = mirror.failures.map { "<div class=\"bad\">\(e($0.path)): \(e($0.reason))</div>" }.joined()
            html += """
                <tr class="mirror" data-state="\(mirror.state.rawValue)"><td class="mono">\(e(mirror.url))\(failures)</td>\
                <td>\(mirrorState(mirror))</td>\
                <td>\(mirror.held) image\(mirror.held == 1 ? "" : "s")\(mirror.behind > 0 ? ", \(mirror.behind) to upload" : "")</td>\
                <td>\(mirror.lastSync.map { e(RFC3339.string(from: $0)) } ?? "<span class=\"muted\">never</span>")</td></tr>
                """
        }
        return html + "</tbody></table></section>"
    }

    /// The state cell: a word in the state's colour and, where there is one, why.
    private func mirrorState(_ mirror: MirrorJSON) -> String {
        switch mirror.state {
        case .inSync:
            return "<span class=\"ok\">in sync</span>"
        case .behind:
            return "<span class=\"warn\">behind</span>"
                + (mirror.reason.map { " <span class=\"muted\">(\(e($0)))</span>" } ?? "")
        case .failing:
            let why = mirror.reason ?? "\(mirror.failures.count) image\(mirror.failures.count == 1 ? "" : "s") failed"
            return "<span class=\"bad\">failing</span>: \(e(why))"
        case .syncing:
            guard let progress = mirror.progress, progress.uploadsTotal > 0 else {
                return "<span class=\"warn\">syncing</span>"
            }
            let bytes =
                progress.bytesTotal > 0
                ? " · \(e(ByteCount.size(progress.bytesDone))) of \(e(ByteCount.size(progress.bytesTotal)))" : ""
            return
                "<span class=\"warn\">syncing</span>: upload \(min(progress.uploadsDone + 1, progress.uploadsTotal)) of \(progress.uploadsTotal)\(bytes)"
        case .leased:
            let until = mirror.leasedUntil.map { " until " + e(RFC3339.string(from: $0)) } ?? ""
            return "<span class=\"muted\">leased by node \(e(mirror.leasedBy ?? "unknown"))\(until)</span>"
        }
    }
}
