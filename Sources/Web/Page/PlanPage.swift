import Foundation
import ISOCatalog
import Node
import WireTypes

/// `GET /plan`: `update --dry-run` as a page (``PlanViewJSON``), before anything is launched:
/// the manifest's offer by family/name/flavor (filtered by `?q=`), what each selection resolves
/// to and why, and what the next run would fetch (from which source first), delete, keep and
/// skip, each with the rule that decides.
struct PlanPage {
    let plan: PlanViewJSON
    /// Text the offer is filtered by (family, name, flavor or version), case-insensitive.
    let filter: String

    func e(_ text: String) -> String { HTML.escape(text) }

    func render() -> String {
        Self.document(
            """
            \(manifestLine())
            \(offeredSection())
            \(selectionsSection())
            \(runSection())
            """)
    }

    /// The page when no plan can be made (no update runner, no manifest).
    static func unavailable(_ message: String) -> String {
        document("<div class=\"banner error\" id=\"error\">\(HTML.escape(message))</div>")
    }

    private static func document(_ body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>isofleet plan</title><style>\(PageStyle.css)</style></head>
        <body><header><h1>isofleet</h1><span class="where">what the next update run would do</span>
        <a href="/" style="color:#fff;margin-left:auto">back to the node</a></header>
        <main>\(body)</main></body></html>
        """
    }

    private func manifestLine() -> String {
        let manifest = plan.manifest
        let state =
            manifest.current ? "current" : "<span class=\"warn\">not current: the run would delete nothing</span>"
        let error = manifest.error.map { " <span class=\"bad\">(\(e($0)))</span>" } ?? ""
        return """
            <section id="plan-manifest"><h2>Manifest</h2><p>\(e(manifest.outcome)), \(manifest.images ?? 0) image(s), \(state)\(error)\
            \(manifest.url.map { " from <code>\(e($0))</code>" } ?? "")</p></section>
            """
    }

    private func offeredSection() -> String {
        let needle = filter.trimmingCharacters(in: .whitespaces).lowercased()
        let groups = plan.offered.filter { group in
            needle.isEmpty
                || ([group.family, group.name, group.flavor] + group.versions).contains {
                    $0.lowercased().contains(needle)
                }
        }
        var html = """
            <section id="offered"><h2>What the manifest offers</h2>
            <form method="get" action="/plan" id="plan-filter"><input name="q" value="\(e(filter))" placeholder="filter: family, name, flavor or version">
            <button type="submit">Filter</button></form>
            """
        if groups.isEmpty {
            html += "<p class=\"muted\" id=\"no-offer\">Nothing\(needle.isEmpty ? "" : " matches “\(e(filter))”").</p>"
        } else {
            html +=
                "<table><thead><tr><th>family</th><th>name</th><th>flavor</th><th>versions, best first</th></tr></thead><tbody>"
            for group in groups {
                html += """
                    <tr class="offered"><td>\(e(group.family))</td><td>\(e(group.name))</td><td>\(e(group.flavor))</td>\
                    <td>\(group.versions.map(e).joined(separator: ", "))</td></tr>
                    """
            }
            html += "</tbody></table>"
        }
        return html + "</section>"
    }

    private func selectionsSection() -> String {
        var html = "<section id=\"plan-selections\"><h2>What each selection resolves to</h2>"
        if plan.selections.isEmpty { return html + "<p class=\"muted\">No selections.</p></section>" }
        html += "<table><thead><tr><th>selection</th><th>resolves to</th><th>why</th></tr></thead><tbody>"
        for selection in plan.selections {
            let images =
                selection.images.isEmpty
                ? "<span class=\"bad\">nothing</span>" : selection.images.map(e).joined(separator: "<br>")
            html += """
                <tr class="plan-selection"><td><span class="spec">\(e(selection.selection))</span></td><td>\(images)</td><td>\(e(selection.why))</td></tr>
                """
        }
        return html + "</tbody></table></section>"
    }

    private func runSection() -> String {
        var html = "<section id=\"plan-run\"><h2>The next run</h2>"
        html += table(
            "fetch", id: "plan-fetch",
            plan.plan.fetch.map {
                (
                    $0.identity.description, $0.path,
                    "from \($0.source.rawValue) first, for \($0.selections.joined(separator: ", "))"
                )
            })
        html += table(
            "delete", id: "plan-delete", plan.plan.delete.map { ($0.identity.description, $0.path, $0.reason) })
        html += table("keep", id: "plan-keep", plan.plan.keep.map { ($0.identity.description, $0.path, $0.reason) })
        html += table("skip", id: "plan-skip", plan.plan.skip.map { ($0.identity.description, $0.path, $0.reason) })
        for unresolved in plan.plan.unresolved {
            html += "<p class=\"warn unresolved\">unresolved: \(e(unresolved))</p>"
        }
        return html + "</section>"
    }

    private func table(_ title: String, id: String, _ rows: [(String, String, String)]) -> String {
        var html = "<h3>\(title) (\(rows.count))</h3>"
        guard !rows.isEmpty else { return html }
        html += "<table id=\"\(id)\"><thead><tr><th>image</th><th>path</th><th>rule</th></tr></thead><tbody>"
        for (image, path, rule) in rows {
            html += "<tr><td>\(e(image))</td><td><code>\(e(path))</code></td><td>\(e(rule))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
