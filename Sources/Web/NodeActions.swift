import Common
import Hummingbird
import Logging
import Node
import WireTypes

/// The node's requests as the API and the page both make them, their refusals as ``APIError``s
/// whose messages the page shows as they are. Each runs off the cooperative pool (SQLite blocks),
/// so a busy handler never holds one of its few threads.
struct NodeActions: Sendable {
    let environment: NodeEnvironment

    /// `body` on a thread of its own, its refusal as an ``APIError``.
    func offPool<T: Sendable>(
        _ body: @escaping @Sendable (NodeEnvironment) throws(RequestError) -> T
    ) async throws(APIError) -> T {
        let environment = environment
        do {
            return try await OffPool.run("isofleet-web-store") { () throws(RequestError) in try body(environment) }
        } catch {
            throw APIError(error)
        }
    }

    /// Parses and stores a selection (`change`: added, updated, unchanged); 400 naming the rule.
    func addSelection(spec: String, arch: String?, keep: Int?, autoUpdate: Bool) async throws(APIError) -> SelectionJSON
    {
        try await offPool { node throws(RequestError) in
            try node.addSelection(spec: spec, arch: arch, keep: keep, autoUpdate: autoUpdate)
        }
    }

    /// Removes a selection; 404 for an unknown id.
    func removeSelection(id: Int64) async throws(APIError) -> SelectionJSON {
        try await offPool { node throws(RequestError) in try node.removeSelection(id: id) }
    }

    /// Stores new settings; 400 naming the key and rule.
    func updateSettings(_ settings: SettingsJSON) async throws(APIError) {
        try await offPool { node throws(RequestError) in try node.updateSettings(settings) }
    }

    /// Pulls the manifest now, as `isofleet sync` does; a failed pull is in the report.
    /// With `logger`, a pull that brought a new manifest starts the auto-update run, as a timed one does.
    func syncManifest(force: Bool, logger: Logger? = nil) async throws(APIError) -> ManifestSyncReport {
        let autoUpdate = environment.engines.updates.flatMap { launcher in logger.map { (launcher, $0) } }
        do { return try await environment.syncManifest(force: force, autoUpdate: autoUpdate) } catch {
            throw APIError(error)
        }
    }

    /// The settings in force.
    func currentSettings() async throws(APIError) -> SettingsJSON {
        try await offPool { node throws(RequestError) in try node.currentSettings() }
    }

    /// Every selection.
    func selections() async throws(APIError) -> [SelectionJSON] {
        try await offPool { node throws(RequestError) in try node.selections() }
    }

    /// The node's status figures.
    func status() async throws(APIError) -> NodeStatus {
        try await offPool { node throws(RequestError) in try node.status() }
    }
}

extension APIError {
    /// The status a refused request answers: 400, 404, 409, 422, 503, else 500.
    init(_ error: RequestError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .invalidInput: .badRequest
            case .notFound: .notFound
            case .conflict: .conflict
            case .verification: .unprocessableContent
            case .unavailable: .serviceUnavailable
            default: .internalServerError
            }
        self.init(status, error.message)
    }
}
