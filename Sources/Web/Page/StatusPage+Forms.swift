import ISOCatalog
import Node
import WireTypes

extension StatusPage {
    /// The selections with their auto-update flag and a remove button, and the form adding one.
    func selectionsSection() -> String {
        var html = "<section id=\"selections\"><h2>Selections</h2>"
        if model.selections.isEmpty {
            html += "<p class=\"muted\" id=\"no-selections\">No selections: nothing is fetched or kept up to date.</p>"
        } else {
            html +=
                "<table><thead><tr><th>rule</th><th>arch</th><th>keep</th><th>auto-update</th><th></th></tr></thead><tbody>"
            for stored in model.selections {
                html += """
                    <tr class="selection"><td><span class="spec">\(e(stored.selection))</span></td>\
                    <td>\(e(stored.arch ?? "any"))</td><td>\(stored.keep)</td>\
                    <td>\(stored.autoUpdate ? "<span class=\"ok\">yes</span>" : "<span class=\"muted\">once</span>")</td>\
                    <td><form method="post" action="/ui/selections/\(stored.id)/delete">\(csrfField)\
                    <fieldset\(lockedAttribute)><button class="quiet" type="submit">remove</button></fieldset></form></td></tr>
                    """
            }
            html += "</tbody></table>"
        }
        let choices = model.choices
        // Version suggestions for the family and name of a refused form, else all (the script
        // narrows them as the family and name are typed).
        let hints =
            isDraft(of: "selection")
            ? VersionHints.lookup(choices.versionHints, family: model.draft?["family"], name: model.draft?["name"])
            : nil
        html += """
            <h3>Add a selection</h3>
            <form method="post" action="/ui/selections" id="selection-form" class="grid"\(model.csrf == nil ? " data-readonly=\"true\"" : "") \
            data-version-hints="\(e(choices.versionHintsJSON))">\(csrfField)\(formName("selection"))
            <fieldset\(lockedAttribute) style="display:contents">
            <label>family<input name="family" list="families" required placeholder="Linux"\(draftValue("family", in: "selection"))></label>
            <label>name<input name="name" list="names" placeholder="* (all)"\(draftValue("name", in: "selection"))></label>
            <label>flavor<input name="flavor" list="flavors" placeholder="* (all)"\(draftValue("flavor", in: "selection"))></label>
            <label>major<input name="major" list="majors" placeholder="latest"\(draftValue("major", in: "selection"))></label>
            <label>minor<input name="minor" list="minors" placeholder="latest"\(draftValue("minor", in: "selection"))></label>
            <label>patch<input name="patch" list="patches" placeholder="latest"\(draftValue("patch", in: "selection"))></label>
            <label>arch<input name="arch" placeholder="any"\(draftValue("arch", in: "selection"))></label>
            <label>keep<input name="keep" type="number" min="1"\(draftValue("keep", in: "selection", default: "1"))></label>
            <label class="inline"><input type="checkbox" name="auto_update" value="on" checked> follow new versions</label>
            <button type="submit">Add selection</button>
            </fieldset></form>
            <p class="hint">Rule: <span class="spec" id="selection-preview">FAMILY/*/*@latest</span>. Leave a version
            part empty for <code>latest</code>; <code>latest</code> runs right to left, so a part after a
            <code>latest</code> one cannot be precise.</p>
            \(datalist("families", choices.families))\(datalist("names", choices.names))\(datalist("flavors", choices.flavors))\
            \(datalist("majors", ["latest"] + (hints?.majors ?? choices.majors)))\
            \(datalist("minors", ["latest"] + (hints?.minors ?? choices.minors)))\
            \(datalist("patches", ["latest"] + (hints?.patches ?? choices.patches)))
            </section>
            """
        return html
    }

    /// How often the manifest is pulled.
    func settingsSection() -> String {
        """
        <section id="settings"><h2>Manifest</h2>
        <p>Upstream: \(model.status.manifest.url.map { "<code>\(e($0))</code>" } ?? "<span class=\"muted\">none pulled yet</span>")</p>
        <form method="post" action="/ui/settings" id="settings-form" class="grid">\(csrfField)
        <fieldset\(lockedAttribute) style="display:contents">
        <label>pull the manifest every<input name="manifest_interval" value="\(e(model.manifestInterval))" required></label>
        <button type="submit">Save</button></fieldset></form>
        <p class="hint">A duration such as <code>30m</code>, <code>6h</code> or <code>1d</code>; at least 60 s.</p>
        \(nextPullLine())
        </section>
        """
    }

    /// Adding an ISO to the catalog, by form or by JSON.
    func catalogSection() -> String {
        """
        <section id="catalog"><h2>Add an ISO to the catalog</h2>
        <form method="post" action="/ui/catalog" id="catalog-form" class="grid">\(csrfField)\(formName("catalog"))
        <fieldset\(lockedAttribute) style="display:contents">
        <label style="grid-column: span 2">file on this node<input name="path" required placeholder="/srv/incoming/ubuntu.iso"\(draftValue("path", in: "catalog"))></label>
        <label>family<input name="family" list="families" required\(draftValue("family", in: "catalog"))></label>
        <label>name<input name="name" list="names" required\(draftValue("name", in: "catalog"))></label>
        <label>flavor<input name="flavor" list="flavors" required\(draftValue("flavor", in: "catalog"))></label>
        <label>version<input name="version" required placeholder="22.04.3"\(draftValue("version", in: "catalog"))></label>
        <label>arch<input name="arch" placeholder="optional"\(draftValue("arch", in: "catalog"))></label>
        <label>display name<input name="display_name" placeholder="optional"\(draftValue("display_name", in: "catalog"))></label>
        <label style="grid-column: span 2">sha256<input name="sha256" placeholder="optional: the file must match"\(draftValue("sha256", in: "catalog"))></label>
        <button type="submit">Add</button></fieldset></form>
        <p class="hint">The path is an absolute path on this node (a relative one is refused: the daemon's working
        directory is no place to guess from). A file inside the repository is registered where it is; one outside
        (inside <code>import.roots</code>) is copied to its layout path.</p>
        <h3>Or as JSON</h3>
        <form method="post" action="/ui/catalog" id="catalog-json-form">\(csrfField)\(formName("catalog-json"))
        <fieldset\(lockedAttribute)>
        <textarea name="json" id="catalog-json" placeholder='{"family": "Linux", "name": "Ubuntu", "flavor": "Server", "version": "22.04.3", "path": "/srv/incoming/ubuntu.iso", "display_name": "Ubuntu 22.04.3 LTS"}'>\(draftText("json", in: "catalog-json"))</textarea>
        <p><input type="file" id="catalog-json-file" accept="application/json,.json"> <button type="submit">Add from JSON</button></p>
        </fieldset></form></section>
        """
    }

    /// Update runs and magnet links: controls whose engines may not run on this node.
    func pendingSection() -> String {
        let updateNote =
            model.canUpdate ? "" : "<p class=\"hint\" id=\"update-unavailable\">This node runs no update runner.</p>"
        let magnetNote =
            model.canAddMagnet
            ? ""
            : "<p class=\"hint\" id=\"magnet-unavailable\">Magnet links need the swarm, which does not run on this node.</p>"
        return """
            <div class="two">
            <section id="update"><h2>Update</h2>
            <form method="post" action="/ui/update" id="update-form">\(csrfField)<fieldset\(model.csrf == nil || !model.canUpdate ? " disabled" : "")>
            <button type="submit" id="launch-update">Launch update</button> <span id="update-progress" class="muted"></span>\(updateChoices())</fieldset></form>\(updateNote)\(model.canUpdate ? "<div id=\"update-status\" aria-live=\"polite\"></div>" : "")</section>
            <section id="magnet"><h2>Add a magnet link</h2>
            <form method="post" action="/ui/add" id="magnet-form">\(csrfField)\(formName("magnet"))<fieldset\(model.csrf == nil || !model.canAddMagnet ? " disabled" : "")>
            <textarea name="source" placeholder="magnet:?xt=urn:btih:…, or the http(s) URL of a .torrent or an ISO">\(draftText("source", in: "magnet"))</textarea>
            <p><input name="sha256" placeholder="sha256 of an ISO URL (optional)"\(draftValue("sha256", in: "magnet"))> <button type="submit">Add</button></p></fieldset></form>\(magnetNote)
            <div id="additions" aria-live="polite">\(additionsList())</div></section>
            </div>
            """
    }

    /// The hidden field naming a form (`selection`, `catalog`, `catalog-json`, `magnet`,
    /// `classify`), so a refused one comes back with its own fields filled and no other form's.
    func formName(_ name: String) -> String {
        "<input type=\"hidden\" name=\"form\" value=\"\(name)\">"
    }

    /// Whether the refused form being shown again is `form` (one posted without a `form` field is
    /// the selection form's).
    func isDraft(of form: String) -> Bool {
        model.draft.map { ($0.raw("form") ?? "selection") == form } ?? false
    }

    /// ` value="…"` from the refused form `form` being shown again, else `default`, else nothing.
    private func draftValue(_ field: String, in form: String, default fallback: String? = nil) -> String {
        guard let value = (isDraft(of: form) ? model.draft?.raw(field) : nil) ?? fallback else { return "" }
        return " value=\"\(e(value))\""
    }

    /// A text area's content from the refused form `form` being shown again, as typed.
    private func draftText(_ field: String, in form: String) -> String {
        isDraft(of: form) ? e(model.draft?.raw(field) ?? "") : ""
    }

    private func datalist(_ id: String, _ values: [String]) -> String {
        "<datalist id=\"\(id)\">" + values.map { "<option value=\"\(e($0))\">" }.joined() + "</datalist>"
    }
}
