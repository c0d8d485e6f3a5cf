import Node
import Acquisition
import Common
import ISOStore
import Repository

extension GlobalOptions {
    /// The node's site (configuration, data directory, repository) for this command.
    func site() throws -> NodeSite {
        do {
            return try NodeSite(configuration: try loadConfiguration(), dataDirectory: dataDirectory())
        } catch let error as DaemonError {
            throw CLIError(error)
        }
    }
}

extension NodeSite {
    /// ``openStore()`` with its failure as the command's error.
    func openStoreForCommand() throws -> CatalogStore {
        do { return try openStore() } catch { throw CLIError(error) }
    }
}

extension CLIError {
    /// `invalidInput` is exit 2; anything else a runtime failure (exit 1).
    init(_ error: DaemonError) {
        self = error.code == .invalidInput ? .invalidInput(error.message) : .failure(error.description)
    }

    /// `invalidInput` is exit 2; conflicts, not found, verification, I/O and store failures are
    /// runtime failures (exit 1).
    init(_ error: CatalogError) {
        self = error.code == .invalidInput ? .invalidInput(error.description) : .failure(error.description)
    }

    /// A store failure is a runtime failure (exit 1).
    init(_ error: StoreError) {
        self = .failure(error.description)
    }

    /// Invalid input is exit 2; conflicts, a missing swarm and failures are exit 1.
    init(_ error: IngestError) {
        self = error.code == .invalidInput ? .invalidInput(error.message) : .failure(error.message)
    }

    /// Busy, store and I/O failures are runtime failures (exit 1); a missing manifest takes the
    /// code of its synchronisation failure (invalid or not configured: 2, unreachable: 1).
    init(_ error: UpdateError) {
        if let failure = error.manifestFailure {
            self = CLIError(message: error.message, exitCode: CLIError(failure).exitCode)
        } else {
            self = .failure(error.message)
        }
    }

    /// An invalid or unconfigured manifest is invalid input (exit 2); an unreachable one, or a store
    /// failure, a runtime failure (exit 1).
    init(_ failure: ManifestSyncFailure) {
        switch failure.code {
        case .invalid, .notConfigured: self = .invalidInput(failure.message)
        default: self = .failure(failure.message)
        }
    }
}

/// `body`'s value, with a ``DaemonError`` it throws as the command's error.
func command<T>(_ body: @autoclosure () throws(DaemonError) -> T) throws -> T {
    do { return try body() } catch { throw CLIError(error) }
}
