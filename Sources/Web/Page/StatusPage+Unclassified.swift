import Common
import ISOCatalog
import WireTypes

extension StatusPage {
    /// At most this many unclassified files get a row (and a form); the rest are counted.
    static let unclassifiedShown = 50

    /// The ISO files scan and import could not classify, each with its reason and a "classify"
    /// form: the catalog form (`POST /ui/catalog`, named `classify`), prefilled with what the
    /// parser recognised, or with what was typed when that file's classify form was refused.
    func unclassifiedSection() -> String {
        var html = """
            <section id="unclassified"><h2>Files not classified</h2>
            <p class="hint">Scan and import found these ISO files but could not tell what they are from their names.
            Classify one to catalog it: a file in the repository is registered where it is, one imported from
            elsewhere is copied to its layout path.</p>
            """
        guard !model.unclassified.isEmpty else {
            return html
                + "<p class=\"muted\" id=\"no-unclassified\">Every ISO file the last scan and import found is classified.</p></section>"
        }
        for (index, file) in model.unclassified.prefix(Self.unclassifiedShown).enumerated() {
            // A refused classify form of this file comes back as typed; the others as guessed.
            let draft = isDraft(of: "classify") && model.draft?.raw("path") == file.file ? model.draft : nil
            func value(_ field: String, guessed: String?) -> String {
                prefill(draft.map { $0.raw(field) } ?? guessed)
            }
            let guess = file.guess
            html += """
                <div class="unclassified" id="unclassified-\(index)">
                <p><code class="path">\(e(file.path))</code> <span class="muted">\(e(ByteCount.size(file.size))), found by \(e(file.origin))</span><br>
                <span class="reason">\(e(file.reason))</span></p>
                <form method="post" action="/ui/catalog" class="grid classify-form" id="classify-\(index)">\(csrfField)\(formName("classify"))
                <fieldset\(lockedAttribute) style="display:contents">
                <input type="hidden" name="path" value="\(e(file.file))">
                <label>family<input name="family" list="families" required\(value("family", guessed: guess.family))></label>
                <label>name<input name="name" list="names" required\(value("name", guessed: guess.name))></label>
                <label>flavor<input name="flavor" list="flavors" required\(value("flavor", guessed: guess.flavor))></label>
                <label>version<input name="version" required placeholder="22.04.3"\(value("version", guessed: guess.version?.description))></label>
                <label>arch<input name="arch" placeholder="optional"\(value("arch", guessed: guess.arch))></label>
                <button type="submit">Classify</button></fieldset></form></div>
                """
        }
        let hidden = model.unclassified.count - Self.unclassifiedShown
        if hidden > 0 {
            html +=
                "<p class=\"hint\" id=\"unclassified-more\">\(hidden) more: <code>GET /api/v1/unclassified</code> lists them all.</p>"
        }
        return html + "</section>"
    }

    /// ` value="…"` for a recognised part, nothing when the parser found none.
    private func prefill(_ value: String?) -> String {
        value.map { " value=\"\(e($0))\"" } ?? ""
    }
}
