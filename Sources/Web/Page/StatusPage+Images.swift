import Foundation
import ISOCatalog
import ISOStore
import Node

extension StatusPage {
    /// Held images by family, then name and flavor, newest version first.
    func imagesSection() -> String {
        let images = model.images
        guard !images.isEmpty else {
            return """
                <section id="images"><h2>Held images</h2>
                <p class="muted">No images yet. Drop ISO files into the repository (<code>\(e(model.status.repository))</code>)
                and restart, run <code>isofleet scan</code>, or add one to the catalog below.</p></section>
                """
        }
        var html = "<section id=\"images\"><h2>Held images</h2>"
        let families = Dictionary(grouping: images, by: \.identity.family)
        for family in families.keys.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
            html += "<h3>\(e(family))</h3><table class=\"images\"><thead><tr><th>version</th><th>display name</th>"
                + "<th>arch</th><th class=\"num\">size</th><th>checksum</th><th>source</th><th>file</th></tr></thead><tbody>"
            let pairs = Dictionary(grouping: families[family]!) { "\($0.identity.name)\u{1}\($0.identity.flavor)" }
            let pairOrder = pairs.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            for key in pairOrder {
                let group = pairs[key]!.sorted { Version.precedes($1.identity.version, $0.identity.version) }
                let first = group[0].identity
                html += "<tr class=\"pair\"><td colspan=\"7\">\(e(first.name)) · \(e(first.flavor))</td></tr>"
                for image in group { html += row(image) }
            }
            html += "</tbody></table>"
        }
        return html + "</section>"
    }

    /// ` · seeding: 1.2 MiB uploaded, 2 peers` for a seeded image, else nothing.
    private func seedingNote(_ path: String) -> String {
        guard let figures = model.seeding[path] else { return "" }
        return " <span class=\"seeding muted\" title=\"info-hash \(e(figures.infoHash))\">· seeding: "
            + "\(e(Format.bytes(figures.uploadedBytes))) uploaded, \(figures.peers) peer\(figures.peers == 1 ? "" : "s")</span>"
    }

    private func row(_ image: StoredImage) -> String {
        let checksum: String
        switch (image.sha256, image.state) {
        case (_, .missing): checksum = "<span class=\"bad\">file missing</span>"
        case (_, .verifying): checksum = "<span class=\"warn\">verifying…</span>"
        case (let sha256?, _):
            checksum = "<span class=\"ok mono\" title=\"sha256 \(e(sha256))\">sha256 \(e(String(sha256.prefix(12))))…</span>"
        case (nil, _): checksum = "<span class=\"warn\">no sha256: piece hashes only</span>"
        }
        let link = image.state == .present
            ? "<a class=\"mono\" href=\"\(e(WebServer.filesURLPath(image.path)))\">\(e(image.path))</a>"
            : "<span class=\"mono muted\">\(e(image.path))</span>"
        return """
            <tr class="image" data-path="\(e(image.path))"><td class="mono">\(e(image.identity.version.description))</td>\
            <td>\(e(image.displayName ?? "—"))</td><td>\(e(image.identity.arch ?? "—"))</td>\
            <td class="num">\(e(Format.bytes(image.size)))</td><td>\(checksum)</td><td>\(e(image.source.rawValue))</td>\
            <td>\(link)\(seedingNote(image.path))</td></tr>
            """
    }
}
