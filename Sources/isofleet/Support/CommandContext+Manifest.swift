import ISOStore
import Node

extension CommandContext {
    /// The manifest synchroniser for `store`, from `manifest.url` and `manifest.min_age`; a
    /// malformed duration is invalid input (exit 2).
    func manifestSynchronizer(store: CatalogStore) throws -> ManifestSynchronizer {
        let minAge: Duration
        do {
            minAge = try configuration.duration(.manifestMinAge) ?? .seconds(3600)
        } catch {
            throw CLIError.invalidInput(error.description)
        }
        return ManifestSynchronizer(store: store, url: configuration[.manifestURL], minAge: minAge)
    }
}

extension CLIError {
    /// An invalid or unconfigured manifest is invalid input (exit 2); an unreachable one, or a store
    /// failure, a runtime failure (exit 1).
    init(_ failure: ManifestSyncFailure) {
        switch failure.code {
        case .invalid, .notConfigured: self = .invalidInput(failure.message)
        default: self = .failure(failure.message)
        }
    }
}
