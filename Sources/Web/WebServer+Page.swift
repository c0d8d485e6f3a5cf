import Common
import Foundation
import HTTPTypes
import Hummingbird
import ISOCatalog
import Logging
import Node
import WireTypes

extension WebServer {
    /// Confirmations the page shows after a change: fixed texts chosen by key, so nothing from the
    /// URL is ever echoed into the page.
    static let notices: [String: String] = [
        "signed-in": "Signed in.", "signed-out": "Signed out.", "selection-added": "Selection saved.",
        "selection-unmatched":
            "Selection saved, but no image matches today: nothing in the manifest fits it (check the spelling).",
        "selection-removed": "Selection removed.", "settings-saved": "Settings saved.",
        "catalog-added": "Added to the catalog.", "update-started": "Update started.", "source-added": "Source added.",
        "addition-cancelled": "Addition cancelled; its partial files are removed.",
        "scan-started": "Scan started.", "import-started": "Import started.",
        "manifest-refreshed": "Manifest refreshed.", "layout-changed": "Layout changed; the images were moved.",
    ]

    /// What a signed-in operator sees when a form comes without its session's CSRF field (a page
    /// left open across a restart or sign-out, a hand-made post).
    static let expiredForm = "The form expired or lacks its CSRF token; reload the page."

    /// `GET /`, its script, the login and the page's forms (`/ui/…`, form posts with the CSRF field).
    func addPageRoutes(to router: Router<WebRequestContext>) {
        router.get("/") { request, _ -> Response in
            let notice = request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] }
            return try await self.page(for: request, status: .ok, notice: notice)
        }
        router.get("/assets/page.js") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: PageScript.javascript + "\n" + PageScript.liveSections)))
        }
        router.post("/login") { request, context -> Response in
            // Throttled addresses and oversized forms are refused on the headers, before the body.
            do { try self.auth.refuseWhileThrottled(context.clientAddress) } catch let error as APIError {
                var response = try await self.page(
                    for: request, status: error.status, error: error.message, signedOut: true)
                for field in error.headers { response.headers[field.name] = field.value }
                return response
            }
            let form = try await FormFields.read(request, context: context, limit: WebRequestContext.maxSignInSize)
            guard let token = form.raw("token"), self.auth.isToken(token) else {
                self.auth.signInFailed(context.clientAddress)
                let error = self.auth.refuse(request, "wrong admin token at sign-in")
                return try await self.page(
                    for: request, status: error.status, error: "Wrong admin token.", signedOut: true)
            }
            let session = await self.auth.sessions.open()
            var response = Self.redirect("/?done=signed-in")
            response.setCookie(
                Cookie(
                    name: AdminAuth.cookieName, value: session.id, path: "/",
                    secure: self.settings.publicURL?.hasPrefix("https:") ?? false, httpOnly: true, sameSite: .strict))
            self.logger.info("admin signed in on the page")
            return response
        }
        router.post("/logout") { request, context -> Response in
            try await self.pageAction(request, context) { _ in
                if let session = await self.auth.session(of: request) { await self.auth.sessions.close(id: session.id) }
                return "signed-out"
            }
        }
        router.post("/ui/selections") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                let stored = try await self.actions.addSelection(
                    spec: Self.spec(from: form), arch: form["arch"], keep: try Self.keep(from: form),
                    autoUpdate: form["auto_update"] != nil)
                return stored.warning == nil ? "selection-added" : "selection-unmatched"
            }
        }
        router.post("/ui/selections/:id/delete") { request, context -> Response in
            try await self.pageAction(request, context) { _ in
                guard let id = context.parameters.get("id", as: Int64.self) else {
                    throw APIError(.badRequest, "not a selection id")
                }
                _ = try await self.actions.removeSelection(id: id)
                return "selection-removed"
            }
        }
        router.post("/ui/settings") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                try await self.actions.updateSettings(SettingsJSON(manifestInterval: form["manifest_interval"] ?? ""))
                return "settings-saved"
            }
        }
        router.post("/ui/catalog") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                try await self.addToCatalog(form: form)
                return "catalog-added"
            }
        }
        router.post("/ui/update") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                _ = try await self.actions.startUpdate(prune: false, force: false, references: form.all("selection"))
                return "update-started"
            }
        }
        router.post("/ui/additions/:id/cancel") { request, context -> Response in
            try await self.pageAction(request, context) { _ in
                _ = try await self.cancelAddition(context.parameters.get("id") ?? "")
                return "addition-cancelled"
            }
        }
        router.post("/ui/add") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                _ = try await self.addSource(form["source"] ?? "", sha256: form["sha256"])
                return "source-added"
            }
        }
    }

    /// Runs a page form's change after checking the session and CSRF field: a 303 back to the
    /// page on success, the page with the error (and the error's status) otherwise. Without a
    /// bearer token or a live session the form is refused on its headers, its body never read.
    func pageAction(
        _ request: Request, _ context: WebRequestContext, _ body: (FormFields) async throws -> String
    ) async throws -> Response {
        do {
            try await auth.authenticateHeaders(request, client: context.clientAddress)
        } catch let error as APIError {
            let message = error.status == .unauthorized ? "Sign in with the admin token first." : error.message
            return try await page(for: request, status: error.status, error: message)
        }
        let form = try await FormFields.read(request, context: context)
        do {
            try await auth.authorize(request, client: context.clientAddress, formCSRF: form.raw("csrf"))
            let done = try await body(form)
            await dropCachedViews()
            return Self.redirect("/?done=\(done)")
        } catch let error as APIError {
            // The headers named a live session: a refusal now is the form's CSRF field.
            let signedIn = await auth.session(of: request) != nil
            let message =
                error.status != .unauthorized
                ? error.message : signedIn ? Self.expiredForm : "Sign in with the admin token first."
            return try await page(for: request, status: error.status, error: message, draft: form)
        }
    }

    /// The page as the request's session sees it.
    func page(
        for request: Request, status: HTTPResponse.Status, error: String? = nil, notice: String? = nil,
        signedOut: Bool = false, draft: FormFields? = nil
    ) async throws -> Response {
        let session = signedOut ? nil : await auth.session(of: request)
        let requested = request.uri.queryParameters["images_page"].flatMap { Int(String($0)) } ?? 1
        let view = PageRenderer.View(
            csrf: session?.csrf, baseURL: settings.baseURL(for: request), imagePage: await imagePage(requested),
            error: error, notice: notice, draft: draft)
        let html =
            view.isAnonymous
            ? try await anonymousPages.value(for: view.imagePage).get()
            : try await renderer.render(view).get()
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: Self.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `requested` within the pages of held images there are (1 when there are none): an
    /// out-of-range `?images_page=` shows the nearest page and caches nothing new.
    func imagePage(_ requested: Int) async -> Int {
        let images = (try? await pageData.value().get().images.count) ?? 0
        let pages = max(1, (images + StatusPage.imagesPerPage - 1) / StatusPage.imagesPerPage)
        return min(max(requested, 1), pages)
    }

    /// Scripts only from the node itself, the inline stylesheet, forms posting only to the node,
    /// the script's polling (`/api/v1/update`) only to the node.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The selection spec the form describes: empty name or flavor is `*`, an empty version part
    /// `latest`. The parser then refuses a `latest` left of a precise part, naming the rule.
    static func spec(from form: FormFields) throws -> String {
        guard let family = form["family"] else { throw APIError(.badRequest, "family is required") }
        let version = [form["major"], form["minor"], form["patch"]].map { $0 ?? "latest" }.joined(separator: ".")
        return "\(family)/\(form["name"] ?? "*")/\(form["flavor"] ?? "*")@\(version)"
    }

    static func keep(from form: FormFields) throws -> Int? {
        guard let text = form["keep"] else { return nil }
        guard let keep = Int(text) else { throw APIError(.badRequest, "keep '\(text)' is not a number") }
        return keep
    }

    /// The catalog form: a JSON document in `json`, else the single-image fields.
    func addToCatalog(form: FormFields) async throws {
        let json: Data
        if let text = form["json"] {
            json = Data(text.utf8)
        } else {
            var object: [String: String] = [:]
            for key in ["family", "name", "flavor", "version", "arch", "path", "display_name", "sha256"] {
                if let value = form[key] { object[key] = value }
            }
            json = try JSONEncoder().encode(object)
        }
        let outcome = try await catalogOutcome(json: json, baseURL: "")
        if let error = outcome.error { throw APIError(outcome.status, error) }
    }
}
