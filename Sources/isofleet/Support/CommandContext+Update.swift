import ISOStore
import Node

extension CommandContext {
    /// The update runner for `store`: the manifest synchroniser, the HTTP acquirer, and the
    /// acquisition policy with the configured fleet peers.
    func updateRunner(store: CatalogStore) throws -> UpdateRunner {
        UpdateRunner(
            store: store, repository: repository, dataDirectory: dataDirectory,
            synchronizer: try manifestSynchronizer(store: store), acquirers: [HTTPAcquirer()],
            policy: AcquisitionPolicy(fleetPeerCount: configuration.list(.fleetPeers).count))
    }
}

extension CLIError {
    /// Busy, store and I/O failures are runtime failures (exit 1); a missing manifest takes the
    /// code of its synchronisation failure (invalid or not configured: 2, unreachable: 1).
    init(_ error: UpdateError) {
        if let failure = error.manifestFailure {
            self = CLIError(message: error.message, exitCode: CLIError(failure).exitCode)
        } else {
            self = .failure(error.message)
        }
    }
}
