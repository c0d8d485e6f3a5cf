import Common
import Foundation
import Hummingbird
import ISOCatalog
import Node
import WireTypes

extension WebServer {
    var actions: NodeActions { NodeActions(environment: environment) }

    /// `/api/v1/…`: reading is open, every change goes through ``AdminAuth/authorize(_:formCSRF:)``.
    func addAPIRoutes(to router: Router<WebRequestContext>) {
        let api = router.group("/api/v1")
        api.get("/status") { _, _ -> Response in
            JSONBody.response(try await self.actions.status())
        }
        api.get("/images") { request, _ -> Response in
            let body = try await self.imagesBodies.value(for: self.settings.baseURL(for: request)).get()
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: body))
        }
        api.get("/selections") { _, _ -> Response in
            JSONBody.response(try await self.actions.selections())
        }
        api.post("/selections") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let body = try await JSONBody.decode(SelectionRequest.self, from: request, context: context)
            let stored = try await self.actions.addSelection(
                spec: body.selection, arch: body.arch, keep: body.keep, autoUpdate: body.autoUpdate ?? true)
            await self.dropCachedViews()
            return JSONBody.response(stored, status: stored.change == "added" ? .created : .ok)
        }
        api.delete("/selections/:id") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw APIError(.badRequest, "selection id '\(context.parameters.get("id") ?? "")' is not a number")
            }
            let removed = try await self.actions.removeSelection(id: id)
            await self.dropCachedViews()
            return JSONBody.response(removed)
        }
        api.get("/settings") { _, _ -> Response in
            JSONBody.response(try await self.actions.currentSettings())
        }
        api.put("/settings") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            try await self.actions.updateSettings(
                try await JSONBody.decode(SettingsJSON.self, from: request, context: context))
            await self.dropCachedViews()
            return JSONBody.response(try await self.actions.currentSettings())
        }
        api.post("/catalog") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let response = try await self.addToCatalog(
                json: try await JSONBody.body(of: request, context: context),
                baseURL: self.settings.baseURL(for: request))
            await self.dropCachedViews()
            return response
        }
        api.post("/update") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            return try await self.launchUpdateResponse(request, context)
        }
        api.get("/update/report") { _, _ -> Response in
            guard let updates = self.environment.engines.updates else {
                throw APIError.unavailable("update runs (the update runner)")
            }
            guard let last = await updates.lastReport() else { throw APIError(.notFound, "no update run yet") }
            do {
                return JSONBody.response(
                    try UpdateRunOutcome(
                        last, url: self.environment.configuration[.manifestURL].map(DisplayedURL.withoutSecrets),
                        encoder: JSONBody.encoder))
            } catch {
                throw APIError(.internalServerError, "cannot encode the update report: \(error)")
            }
        }
        api.get("/update") { _, _ -> Response in
            guard let updates = self.environment.engines.updates else {
                throw APIError.unavailable("update runs (the update runner)")
            }
            return JSONBody.response(
                UpdateViewJSON(
                    run: await updates.updateStatus(),
                    additions: await self.environment.engines.magnets?.additions() ?? []))
        }
        api.post("/add") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let body = try await JSONBody.decode(AddSourceRequest.self, from: request, context: context)
            return JSONBody.response(try await self.addSource(body.source, sha256: body.sha256), status: .accepted)
        }
        api.get("/additions") { _, _ -> Response in
            JSONBody.response(await self.environment.engines.magnets?.additions() ?? [])
        }
        api.get("/additions/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int.self) else {
                throw APIError(.badRequest, "addition id '\(context.parameters.get("id") ?? "")' is not a number")
            }
            guard let addition = await self.environment.engines.magnets?.additions().first(where: { $0.id == id })
            else {
                throw APIError(.notFound, "no addition with id \(id)")
            }
            return JSONBody.response(addition)
        }
        api.delete("/additions/:id") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            return JSONBody.response(try await self.cancelAddition(context.parameters.get("id") ?? ""))
        }
        api.post("/sync") { request, context -> Response in
            try await self.auth.authorize(request, client: context.clientAddress)
            let force = request.uri.queryParameters["force"].map { $0 == "true" || $0 == "1" } ?? false
            let report = try await self.actions.syncManifest(force: force, logger: self.logger)
            await self.dropCachedViews()
            return JSONBody.response(report)
        }
        addUnclassifiedRoutes(to: api)
        api.get("/fleet") { _, _ -> Response in
            JSONBody.response(await self.fleetView.fleet())
        }
        api.get("/storage") { _, _ -> Response in
            JSONBody.response(try await self.actions.offPool { node throws(RequestError) in try node.storage() })
        }
    }

    /// Starts adding `source`: 400 for something that is not a magnet link or http(s) URL (or a bad
    /// sha256, a `.torrent` that does not parse), 409 when its path is taken, 503 without the engine
    /// or a swarm, 500 when a `.torrent` URL cannot be fetched.
    func addSource(_ source: String, sha256: String?) async throws -> AdditionStatus {
        try Self.validateSource(source)
        guard let magnets = environment.engines.magnets else {
            throw APIError.unavailable("adding magnet links and URLs (the swarm engine)")
        }
        do { return try await magnets.startAddition(source: source, sha256: sha256) } catch {
            throw APIError(error)
        }
    }

    /// Drops what the page and `/api/v1/images` cache after a change made through the web.
    func dropCachedViews() async {
        await pageData.invalidate()
        await imagesBodies.invalidate()
        await anonymousPages.invalidate()
    }

    /// 400 unless `source` is a magnet link or an http(s) URL.
    static func validateSource(_ source: String) throws {
        let lower = source.lowercased()
        guard lower.hasPrefix("magnet:?") || lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw APIError(.badRequest, "source must be a magnet link (magnet:?…) or an http(s) URL")
        }
    }

    /// `POST /api/v1/catalog`: one object or an array; 201 with the stored images when all were
    /// added, else the first failure's status with `{"error", "results"}`.
    func addToCatalog(json data: Data, baseURL: String) async throws -> Response {
        let outcome = try await catalogOutcome(json: data, baseURL: baseURL)
        if let error = outcome.error {
            return JSONBody.response(CatalogFailureJSON(error: error, results: outcome.results), status: outcome.status)
        }
        return outcome.isArray
            ? JSONBody.response(outcome.results, status: .created)
            : JSONBody.response(outcome.results[0], status: .created)
    }

    /// Decodes a catalog document (one object or an array) and adds every image.
    func catalogOutcome(json data: Data, baseURL: String) async throws -> CatalogOutcome {
        let isArray = data.first { !(" \t\r\n".utf8.contains($0)) } == UInt8(ascii: "[")
        let requests: [CatalogAdditionRequest]
        if isArray {
            requests = try JSONBody.decode([CatalogAdditionRequest].self, from: data)
        } else {
            requests = [try JSONBody.decode(CatalogAdditionRequest.self, from: data)]
        }
        guard !requests.isEmpty else { throw APIError(.badRequest, "no images to add") }
        let results = await environment.addToCatalogOffPool(requests)
        let json = zip(requests, results).map { request, result -> CatalogResultJSON in
            switch result {
            case .success(var image):
                image.url = baseURL + WebServer.filesURLPath(image.path)
                return .added(image)
            case .failure(let error):
                return .failed(file: request.path, error: error.description)
            }
        }
        let failures = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        guard let first = failures.first else {
            return CatalogOutcome(status: .created, results: json, error: nil, isArray: isArray)
        }
        let message =
            results.count == 1
            ? first.description
            : "\(failures.count) of \(results.count) images not added; first: \(first.description)"
        return CatalogOutcome(status: APIError(first).status, results: json, error: message, isArray: isArray)
    }
}
