import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// The status and admin page (`GET /`), rendered on the server. Every value from the store or
/// the request passes through ``HTML/escape(_:)`` (`e(_:)` here).
struct StatusPage {
    let model: PageModel

    /// The whole document.
    func render() -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>isofleet node</title>
        <style>\(PageStyle.css)</style>
        </head>
        <body data-change="\(model.change)">
        \(header())
        <main>
        \(banners())
        \(summary())
        \(warningsSection())
        \(imagesSection())
        <div class="two">
        \(selectionsSection())
        \(settingsSection())
        </div>
        \(unclassifiedSection())
        \(catalogSection())
        \(pendingSection())
        \(operatorSection())
        \(fleetSection())
        \(storageSection())
        </main>
        <script src="/assets/page.js"></script>
        </body>
        </html>
        """
    }

    func e(_ text: String) -> String { HTML.escape(text) }

    /// The hidden CSRF field of every form that changes something.
    var csrfField: String {
        model.csrf.map { "<input type=\"hidden\" name=\"csrf\" value=\"\(e($0))\">" } ?? ""
    }

    /// `disabled` on the fieldsets of change forms while not logged in.
    var lockedAttribute: String { model.csrf == nil ? " disabled" : "" }

    private func header() -> String {
        let session: String
        if model.csrf != nil {
            session = """
                <form method="post" action="/logout" id="logout-form">\(csrfField)
                <span class="where">signed in as admin</span><button type="submit">Sign out</button></form>
                """
        } else {
            session = """
                <form method="post" action="/login" id="login-form">
                <input type="password" name="token" placeholder="admin token" autocomplete="current-password" required>
                <button type="submit">Sign in</button></form>
                """
        }
        return """
            <header><h1>isofleet</h1><span class="where">node at \(e(model.baseURL)) · data \(e(model.status.dataDirectory))</span>
            \(session)</header>
            """
    }

    private func banners() -> String {
        var html = ""
        if let error = model.error { html += "<div class=\"banner error\" id=\"error\">\(e(error))</div>" }
        if let notice = model.notice { html += "<div class=\"banner notice\" id=\"notice\">\(e(notice))</div>" }
        if model.csrf == nil {
            html += "<div class=\"banner notice\">Reading is open. Sign in with the admin token to make changes.</div>"
        }
        return html
    }

    private func summary() -> String {
        let status = model.status
        let manifest: String
        if let error = status.manifest.lastError {
            manifest = "<span class=\"bad\">last pull failed</span><div class=\"l\">\(e(error))</div>"
        } else if let fetched = status.manifest.fetchedAt {
            manifest =
                "<span class=\"ok\">\(status.manifest.images ?? 0) images</span><div class=\"l\">fetched \(e(fetched))</div>"
        } else {
            manifest = "<span class=\"muted\">none yet</span><div class=\"l\">no upstream pulled</div>"
        }
        let running = status.transfers["running"] ?? 0
        let queued = status.transfers["queued"] ?? 0
        let failed = status.transfers["failed"] ?? 0
        return """
            <section id="summary"><div class="cards">
            <div class="card"><div class="n" id="images-held">\(status.images.held)</div><div class="l">images held</div></div>
            <div class="card"><div class="n">\(e(ByteCount.size(status.images.bytes)))</div><div class="l">in the repository</div></div>
            <div class="card"><div class="n">\(status.selections.total)</div><div class="l">selections (\(status.selections.autoUpdate) auto-update)</div></div>
            <div class="card"><div class="n">\(manifest)</div><div class="l">manifest, pulled every \(e(status.manifest.interval))</div></div>
            <div class="card"><div class="n" id="transfers-summary">\(running) / \(queued)</div><div class="l">transfers running / queued\(failed > 0 ? ", <span class=\"bad\">\(failed) failed</span>" : "")</div></div>
            </div></section>
            """
    }
}
