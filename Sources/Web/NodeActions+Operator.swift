import Common
import Foundation
import HTTPTypes
import ISOCatalog
import ISOStore
import Node
import WireTypes

/// The operator's actions beyond the catalog forms: scan, import, the layout, a run limited to
/// chosen selections and its plan (the same work as `isofleet scan|import|layout|update`).
extension NodeActions {
    /// Starts a scan of the repository in the background (`jobs` runs one job at a time).
    func startScan(_ jobs: RepositoryJobs) async throws(APIError) -> RepositoryJobStatus {
        do { return try await jobs.startScan(environment) } catch { throw APIError(error) }
    }

    /// Starts importing `folder` (inside `import.roots`) in the background.
    func startImport(
        _ jobs: RepositoryJobs, folder: String, mode text: String?
    ) async throws(APIError) -> RepositoryJobStatus {
        let mode: ImportMode
        if let text, !text.isEmpty {
            guard let parsed = ImportMode(rawValue: text) else {
                throw APIError(.badRequest, "mode '\(text)' is not one of copy, move, link")
            }
            mode = parsed
        } else {
            mode = .copy
        }
        do { return try await jobs.startImport(environment, folder: folder, mode: mode) } catch {
            throw APIError(error)
        }
    }

    /// Where each held image would go under `template` (the one in force when nil).
    func previewLayout(_ template: String?) async throws(APIError) -> LayoutPlanJSON {
        try await offPool { node throws(RequestError) in try node.previewLayout(template) }
    }

    /// Moves the held images to `template`'s paths and adopts it.
    func changeLayout(_ template: String) async throws(APIError) -> LayoutPlanJSON {
        try await offPool { node throws(RequestError) in try node.changeLayout(template) }
    }

    /// The scope of a run limited to `references` (selection ids or specs); every selection when empty.
    func updateScope(_ references: [String]) async throws(APIError) -> UpdateScope {
        try await offPool { node throws(RequestError) in try node.updateScope(for: references) }
    }

    /// What the next run over `references` would do (`update --dry-run`): 503 without an update runner.
    func plan(prune: Bool, force: Bool, references: [String]) async throws(APIError) -> PlanViewJSON {
        guard let updates = environment.engines.updates else {
            throw APIError.unavailable("update runs (the update runner)")
        }
        let scope = try await updateScope(references)
        let preview: (plan: UpdatePlan, manifest: ManifestSyncResult)
        do { preview = try await updates.previewUpdate(prune: prune, force: force, scope: scope) } catch {
            throw Self.refusal(error)
        }
        let inputs = try await offPool { node throws(RequestError) in
            do { return try PlannerInputs.read(from: node.store) } catch {
                throw RequestError(.failure, "cannot read selections and images: \(error)")
            }
        }
        do {
            return try PlanViewJSON(
                plan: preview.plan, sync: preview.manifest, inputs: inputs,
                url: environment.configuration[.manifestURL].map(DisplayedURL.withoutSecrets), encoder: JSONBody.encoder
            )
        } catch {
            throw APIError(.internalServerError, "cannot encode the plan: \(error)")
        }
    }

    /// Starts a run over `references` (every selection when empty): 409 while one runs, 503
    /// without an update runner or while draining.
    func startUpdate(prune: Bool, force: Bool, references: [String]) async throws(APIError) -> String {
        guard let updates = environment.engines.updates else {
            throw APIError.unavailable("update runs (the update runner)")
        }
        let scope = try await updateScope(references)
        do { return try await updates.startUpdate(prune: prune, force: force, scope: scope) } catch {
            throw APIError(error)
        }
    }

    /// A preview's refusal: busy 409, draining 503; no manifest 400 when it is invalid or not
    /// configured (the caller's to fix, exit 2 on the command line), else 503; anything else 500.
    static func refusal(_ error: any Error) -> APIError {
        if let error = error as? UpdateError {
            switch error.code {
            case .busy: return APIError(.conflict, error.message)
            case .noManifest:
                let code = error.manifestFailure?.code
                return APIError(
                    code == .invalid || code == .notConfigured ? .badRequest : .serviceUnavailable, error.message)
            default: return APIError(.internalServerError, error.message)
            }
        }
        if let error = error as? DaemonError, error.code == .draining {
            return APIError(.serviceUnavailable, error.message)
        }
        return APIError(.internalServerError, "\(error)")
    }
}
