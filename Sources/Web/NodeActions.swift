import Foundation
import Hummingbird
import ISOCatalog
import ISOStore
import Node
import Common
import Repository
import WireTypes

/// The changes the API and the page both make, with their errors as ``APIError``s whose messages
/// the page shows as they are.
struct NodeActions: Sendable {
    let environment: NodeEnvironment

    /// Parses and stores a selection. 400 naming the rule for an invalid spec.
    func addSelection(
        spec: String, arch: String?, keep: Int?, autoUpdate: Bool
    ) throws -> (StoredSelection, CatalogStore.SelectionChange) {
        let selection: Selection
        do {
            selection = try Selection(parsing: spec, arch: arch, keep: keep ?? 1)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        do { return try environment.store.addSelection(selection, autoUpdate: autoUpdate) } catch {
            throw Self.storeFailure(error)
        }
    }

    /// Removes a selection; 404 for an unknown id.
    func removeSelection(id: Int64) throws -> StoredSelection {
        do { return try environment.store.removeSelection(id: id) } catch {
            throw Self.storeFailure(error)
        }
    }

    /// Stores new settings; 400 naming the key and rule.
    func updateSettings(_ settings: SettingsJSON) throws {
        guard let interval = settings.manifestInterval else {
            throw APIError(.badRequest, "nothing to change: send {\"manifest_interval\": \"6h\"}")
        }
        do { try environment.settings.setManifestInterval(interval) } catch {
            throw APIError(error.code == .invalidInput ? .badRequest : .internalServerError, error.description)
        }
    }

    /// Pulls the manifest now (`manifest.url`, honouring `manifest.min_age` unless `force`), as
    /// `isofleet sync` does; a failed pull is in the report, not an error. 400 for a malformed
    /// `manifest.min_age`.
    func syncManifest(force: Bool) async throws -> ManifestSyncReport {
        let minAge: Duration
        do { minAge = try environment.configuration.duration(.manifestMinAge) ?? .seconds(3600) } catch {
            throw APIError(.badRequest, error.description)
        }
        let url = environment.configuration[.manifestURL]
        let synchronizer = ManifestSynchronizer(store: environment.store, url: url, minAge: minAge)
        return ManifestSyncReport(result: await synchronizer.sync(force: force), url: synchronizer.url)
    }

    /// The settings in force.
    func currentSettings() throws -> SettingsJSON {
        do { return SettingsJSON(manifestInterval: try environment.settings.manifestIntervalText()) } catch {
            throw Self.storeFailure(error)
        }
    }

    /// Adds images to the catalog (hashing off the cooperative pool); per-image outcomes in order.
    func addToCatalog(_ additions: [CatalogAddition]) async -> [Result<StoredImage, CatalogError>] {
        let editor = CatalogEditor(repository: environment.repository, store: environment.store)
        return await OffPool.run("isofleet-web-store") {
            additions.map { addition in
                do throws(CatalogError) { return .success(try editor.add(addition).image) } catch { return .failure(error) }
            }
        }
    }

    /// The HTTP status for a catalog failure.
    static func status(of error: CatalogError) -> HTTPResponse.Status {
        switch error.code {
        case .invalidInput: .badRequest
        case .conflict: .conflict
        case .verification: .unprocessableContent
        case .notFound: .notFound
        default: .internalServerError
        }
    }

    /// A store failure as an API error: not found 404, conflict 409, invalid 400, else 500.
    static func storeFailure(_ error: any Error) -> APIError {
        guard let error = error as? StoreError else { return APIError(.internalServerError, "\(error)") }
        return switch error.code {
        case .notFound: APIError(.notFound, error.message)
        case .conflict: APIError(.conflict, error.message)
        case .invalidValue: APIError(.badRequest, error.message)
        default: APIError(.internalServerError, error.description)
        }
    }
}
