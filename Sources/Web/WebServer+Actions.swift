import Common
import Foundation
import HTTPTypes
import Hummingbird
import Node
import WireTypes

/// The body of `POST /api/v1/import`.
struct ImportRequest: Decodable {
    var folder: String
    var mode: String?
}

/// The body of `POST /api/v1/layout`.
struct LayoutRequest: Decodable {
    var template: String
    var dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case template
        case dryRun = "dry_run"
    }
}

/// The body of `POST /api/v1/update` (optional).
struct UpdateRequest: Decodable {
    /// Selection ids or specs; absent or empty: every selection.
    var selections: [String]?
}

extension WebServer {
    /// `/api/v1/scan|import|jobs|plan|layout` and the page's `/plan`, `/layout` and their forms
    /// (`/ui/scan`, `/ui/import`, `/ui/refresh`, `/ui/layout`).
    func addActionRoutes(to router: Router<WebRequestContext>) {
        let api = router.group("/api/v1")
        api.post("/scan") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            return JSONBody.response(try await self.actions.startScan(self.jobs), status: .accepted)
        }
        api.post("/import") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let body = try await JSONBody.decode(ImportRequest.self, from: request, context: context)
            return JSONBody.response(
                try await self.actions.startImport(self.jobs, folder: body.folder, mode: body.mode), status: .accepted)
        }
        api.get("/jobs") { _, _ -> Response in
            JSONBody.response(await self.jobs.status())
        }
        api.get("/plan") { request, _ -> Response in
            let query = request.uri.queryParameters
            return JSONBody.response(
                try await self.actions.plan(
                    prune: Self.flag(query["prune"]), force: Self.flag(query["force"]),
                    references: query.getAll("selection").map { String($0) }))
        }
        api.get("/layout") { request, _ -> Response in
            JSONBody.response(
                try await self.actions.previewLayout(request.uri.queryParameters["template"].map(String.init)))
        }
        api.post("/layout") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let body = try await JSONBody.decode(LayoutRequest.self, from: request, context: context)
            if body.dryRun == true { return JSONBody.response(try await self.actions.previewLayout(body.template)) }
            let changed = try await self.actions.changeLayout(body.template)
            await self.dropCachedViews()
            return JSONBody.response(changed)
        }

        router.get("/assets/operator.js") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: OperatorScript.javascript)))
        }
        router.get("/plan") { request, _ -> Response in
            let query = request.uri.queryParameters
            let filter = query["q"].map(String.init) ?? ""
            let html: String
            do {
                let plan = try await self.actions.plan(
                    prune: false, force: false, references: query.getAll("selection").map { String($0) })
                html = PlanPage(plan: plan, filter: filter).render()
            } catch let error as APIError {
                html = PlanPage.unavailable(error.message)
            }
            return self.htmlResponse(html)
        }
        router.get("/layout") { request, _ -> Response in
            let template = request.uri.queryParameters["template"].map(String.init)
            let session = await self.auth.session(of: request)
            let html: String
            do {
                let preview = try await self.actions.previewLayout(template)
                html = LayoutPage(preview: preview, asked: template, csrf: session?.csrf).render()
            } catch let error as APIError {
                let current = try? await self.actions.previewLayout(nil)
                html = LayoutPage(preview: current, asked: template, csrf: session?.csrf, error: error.message).render()
            }
            return self.htmlResponse(html)
        }
        router.post("/ui/scan") { request, context -> Response in
            try await self.pageAction(request, context) { _ in
                _ = try await self.actions.startScan(self.jobs)
                return "scan-started"
            }
        }
        router.post("/ui/import") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                _ = try await self.actions.startImport(self.jobs, folder: form["folder"] ?? "", mode: form["mode"])
                return "import-started"
            }
        }
        router.post("/ui/refresh") { request, context -> Response in
            try await self.pageAction(request, context) { _ in
                let report = try await self.actions.syncManifest(force: true, logger: self.logger)
                if let error = report.error { throw APIError(.badGateway, "the manifest was not refreshed: \(error)") }
                return "manifest-refreshed"
            }
        }
        router.post("/ui/layout") { request, context -> Response in
            try await self.pageAction(request, context) { form in
                _ = try await self.actions.changeLayout(form["template"] ?? "")
                return "layout-changed"
            }
        }
    }

    /// `POST /api/v1/update` (`?prune=`, `?force=`, `?selection=`, or a JSON body
    /// `{"selections": […]}` sent as `application/json`): 202 `{"started"}`.
    func launchUpdateResponse(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var references = query.getAll("selection").map { String($0) }
        let body = try await JSONBody.body(of: request, context: context)
        let isJSON = request.headers[.contentType]?.lowercased().contains("json") ?? false
        if isJSON, !body.allSatisfy({ " \t\r\n".utf8.contains($0) }) {
            references += try JSONBody.decode(UpdateRequest.self, from: body).selections ?? []
        }
        let started = try await actions.startUpdate(
            prune: Self.flag(query["prune"]), force: Self.flag(query["force"]), references: references)
        return JSONBody.response(["started": started], status: .accepted)
    }

    /// `true`/`1` in a query parameter.
    static func flag(_ value: Substring?) -> Bool { value.map { $0 == "true" || $0 == "1" } ?? false }

    /// An HTML page with the page's headers.
    func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: Self.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
