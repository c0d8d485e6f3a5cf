import Node

/// `GET /layout`: the template in force and where each held image goes under it, a dry-run preview
/// of another template (`?template=`), and the form making that change (signed in only).
struct LayoutPage {
    /// The preview of `asked`, or of the template in force; nil when even that failed.
    let preview: LayoutPlanJSON?
    /// The template asked for, when one was.
    let asked: String?
    let csrf: String?
    var error: String?

    func e(_ text: String) -> String { HTML.escape(text) }

    func render() -> String {
        var body = ""
        if let error { body += "<div class=\"banner error\" id=\"error\">\(e(error))</div>" }
        if let preview {
            body += """
                <section id="layout-current"><h2>Layout in force</h2>
                <p><code id="current-template">\(e(preview.current))</code> <span class="muted">(from \(e(preview.source)))</span></p>
                <form method="get" action="/layout" id="layout-preview-form" class="grid">
                <label style="grid-column: span 3">template<input name="template" id="layout-template" value="\(e(asked ?? preview.current))"></label>
                <button type="submit" id="layout-preview">Preview</button></form>
                <p class="hint">Placeholders: <code>{family} {name} {flavor} {version} {major} {minor} {patch} {arch}
                {file_name} {family_lower} {name_lower} {flavor_lower}</code>.</p></section>
                \(previewSection(preview))
                """
        }
        return """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>isofleet layout</title><style>\(PageStyle.css)</style></head>
            <body><header><h1>isofleet</h1><span class="where">repository layout</span>
            <a href="/" style="color:#fff;margin-left:auto">back to the node</a></header>
            <main>\(body)</main></body></html>
            """
    }

    private func previewSection(_ preview: LayoutPlanJSON) -> String {
        let isChange = asked != nil
        var html = "<section id=\"layout-plan\"><h2>"
        html += isChange ? "Preview of <code>\(e(preview.template))</code>" : "Where each held image goes"
        html += "</h2>"
        for refusal in preview.refusals { html += "<p class=\"bad refusal\">\(e(refusal))</p>" }
        html += "<p id=\"layout-summary\">\(preview.moves.count) to move, \(preview.unchanged) already in place"
        html += preview.missing.isEmpty ? "" : ", \(preview.missing.count) missing (not moved)"
        html += ".</p>"
        if !preview.moves.isEmpty {
            html += "<table id=\"layout-moves\"><thead><tr><th>image</th><th>from</th><th>to</th></tr></thead><tbody>"
            for move in preview.moves {
                html +=
                    "<tr><td>\(e(move.image))</td><td><code>\(e(move.from))</code></td><td><code>\(e(move.to))</code></td></tr>"
            }
            html += "</tbody></table>"
        }
        if preview.possible, isChange || !preview.moves.isEmpty {
            if let csrf {
                html += """
                    <form method="post" action="/ui/layout" id="layout-change-form"><input type="hidden" name="csrf" value="\(e(csrf))">
                    <input type="hidden" name="template" value="\(e(preview.template))">
                    <button type="submit" id="layout-apply">Move \(preview.moves.count) file(s) and use this layout</button></form>
                    """
            } else {
                html += "<p class=\"hint\">Sign in on the node's page to make this change.</p>"
            }
        }
        return html + "</section>"
    }
}
