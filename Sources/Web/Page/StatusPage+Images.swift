import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

extension StatusPage {
    /// Images per page of the held-images list (`/?images_page=N`, from 1).
    static let imagesPerPage = 200

    /// Held images by family, then name and flavor, newest version first; ``imagesPerPage`` at a
    /// time, with links to the other pages.
    func imagesSection() -> String {
        let images = model.images
        guard !images.isEmpty else {
            return """
                <section id="images"><h2>Held images</h2>
                <p class="muted">No images yet. Drop ISO files into the repository (<code>\(e(model.status.repository))</code>)
                and restart, run <code>isofleet scan</code>, or add one to the catalog below.</p></section>
                """
        }
        let ordered = images
        let pages = (ordered.count + Self.imagesPerPage - 1) / Self.imagesPerPage
        let page = min(max(model.imagePage, 1), pages)
        let shown = ordered[((page - 1) * Self.imagesPerPage)..<min(ordered.count, page * Self.imagesPerPage)]
        var html = "<section id=\"images\"><h2>Held images</h2>"
        let navigation = pages > 1 ? pageLinks(page: page, pages: pages, shown: shown, total: ordered.count) : ""
        html += navigation
        var family: String?
        var pair: (String, String)?
        for image in shown {
            let identity = image.identity
            if identity.family != family {
                if family != nil { html += "</tbody></table>" }
                family = identity.family
                pair = nil
                html +=
                    "<h3>\(e(identity.family))</h3><table class=\"images\"><thead><tr><th>version</th><th>display name</th>"
                    + "<th>arch</th><th class=\"num\">size</th><th>checksum</th><th>source</th><th>file</th></tr></thead><tbody>"
            }
            if pair.map({ $0 != (identity.name, identity.flavor) }) ?? true {
                pair = (identity.name, identity.flavor)
                html += "<tr class=\"pair\"><td colspan=\"7\">\(e(identity.name)) · \(e(identity.flavor))</td></tr>"
            }
            html += row(image)
        }
        return html + "</tbody></table>" + navigation + "</section>"
    }

    /// The page's order: family, then name · flavor (natural order), newest version first.
    static func ordered(_ images: [ImageJSON]) -> [ImageJSON] {
        func natural(_ a: String, _ b: String) -> Bool { a.localizedStandardCompare(b) == .orderedAscending }
        let families = Dictionary(grouping: images, by: \.identity.family)
        var ordered: [ImageJSON] = []
        ordered.reserveCapacity(images.count)
        for family in families.keys.sorted(by: natural) {
            let pairs = Dictionary(grouping: families[family]!) { "\($0.identity.name)\u{1}\($0.identity.flavor)" }
            for key in pairs.keys.sorted(by: natural) {
                ordered += pairs[key]!.sorted { Version.precedes($1.identity.version, $0.identity.version) }
            }
        }
        return ordered
    }

    /// "images 201–400 of 1000" and a link to every page.
    private func pageLinks(page: Int, pages: Int, shown: ArraySlice<ImageJSON>, total: Int) -> String {
        let links = (1...pages).map { number in
            number == page ? "<strong>\(number)</strong>" : "<a href=\"/?images_page=\(number)#images\">\(number)</a>"
        }
        return "<nav class=\"pages\">images \(shown.startIndex + 1)–\(shown.endIndex) of \(total) · page "
            + links.joined(separator: " ") + "</nav>"
    }

    /// ` · seeding: 1.2 MiB uploaded, 2 peers` for a seeded image, else nothing.
    private func seedingNote(_ path: String) -> String {
        guard let figures = model.seeding[path] else { return "" }
        return " <span class=\"seeding muted\" title=\"info-hash \(e(figures.infoHash))\">· seeding: "
            + "\(e(ByteCount.size(figures.uploadedBytes))) uploaded, \(figures.peers) peer\(figures.peers == 1 ? "" : "s")</span>"
    }

    private func row(_ image: ImageJSON) -> String {
        let checksum: String
        switch (image.sha256, image.state) {
        case (_, "missing"): checksum = "<span class=\"bad\">file missing</span>"
        case (_, "verifying"): checksum = "<span class=\"warn\">verifying…</span>"
        case (let sha256?, _):
            checksum =
                "<span class=\"ok mono\" title=\"sha256 \(e(sha256))\">sha256 \(e(String(sha256.prefix(12))))…</span>"
        case (nil, _): checksum = "<span class=\"warn\">no sha256: piece hashes only</span>"
        }
        let link =
            image.state == "present"
            ? "<a class=\"mono\" href=\"\(e(WebServer.filesURLPath(image.path)))\">\(e(image.path))</a>"
            : "<span class=\"mono muted\">\(e(image.path))</span>"
        return """
            <tr class="image" data-path="\(e(image.path))"><td class="mono">\(e(image.identity.version.description))</td>\
            <td>\(e(image.displayName ?? "—"))</td><td>\(e(image.identity.arch ?? "—"))</td>\
            <td class="num">\(e(ByteCount.size(image.size)))</td><td>\(checksum)</td><td>\(e(image.source))</td>\
            <td>\(link)\(seedingNote(image.path))</td></tr>
            """
    }
}
