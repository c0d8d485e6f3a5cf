import Node
import WireTypes

extension StatusPage {
    /// The repository's actions: scan now, import a folder on the node, refresh the manifest now,
    /// the running or last scan/import (filled by `/assets/operator.js` from `GET /api/v1/jobs`),
    /// and the links to the plan and the layout pages.
    func operatorSection() -> String {
        let locked = lockedAttribute
        let isImportDraft = model.draft?.raw("form") == "import"
        let folder = isImportDraft ? model.draft?.raw("folder") ?? "" : ""
        let mode = isImportDraft ? model.draft?.raw("mode") ?? "copy" : "copy"
        let modes = ["copy", "move", "link"].map { value in
            "<option value=\"\(value)\"\(value == mode ? " selected" : "")>\(value)</option>"
        }.joined()
        return """
            <section id="repository"><h2>Repository</h2>
            <div class="actions" style="display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:0 0 12px">
            <form method="post" action="/ui/scan" id="scan-form">\(csrfField)<fieldset\(locked)>
            <button type="submit" id="scan-now">Scan now</button></fieldset></form>
            <form method="post" action="/ui/refresh" id="refresh-form">\(csrfField)<fieldset\(locked)>
            <button type="submit" id="refresh-now">Refresh the manifest now</button></fieldset></form>
            <a href="/plan" id="plan-link">What the next run would do</a> · <a href="/layout" id="layout-link">Layout</a>
            </div>
            <form method="post" action="/ui/import" id="import-form" class="grid">\(csrfField)<input type="hidden" name="form" value="import">
            <fieldset\(locked) style="display:contents">
            <label style="grid-column: span 2">folder on this node<input name="folder" required placeholder="/srv/incoming" value="\(e(folder))"></label>
            <label>how<select name="mode">\(modes)</select></label>
            <button type="submit" id="import-now">Import</button></fieldset></form>
            <p class="hint">Import brings the ISO files of a folder (inside <code>import.roots</code>) to their layout paths,
            with the identities their names give, as <code>isofleet import</code> does. Refreshing pulls the manifest even
            when it is younger than <code>manifest.min_age</code> and, when it changed, starts the auto-update run.</p>
            <div id="job-status" aria-live="polite"></div>
            <script src="/assets/operator.js"></script>
            </section>
            """
    }

    /// A checkbox per selection in the update form: ticked ones only are brought up to date; none
    /// ticked, every selection.
    func updateChoices() -> String {
        guard !model.selections.isEmpty else { return "" }
        let boxes = model.selections.map { stored in
            """
            <label class="inline"><input type="checkbox" name="selection" value="\(stored.id)" id="update-selection-\(stored.id)"> \
            <span class="spec">\(e(stored.selection))</span></label>
            """
        }.joined()
        return """
            <div id="update-choices"><p class="hint">Only the ticked selections (none ticked: all of them):</p>\(boxes)</div>
            """
    }
}
