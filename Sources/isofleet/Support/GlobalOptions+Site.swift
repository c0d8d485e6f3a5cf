import Common
import Node

extension GlobalOptions {
    /// The node's site (configuration, data directory, repository) for this command.
    func site() throws -> NodeSite {
        do {
            return try NodeSite(configuration: try loadConfiguration(), dataDirectoryPath: dataDirectoryPath())
        } catch let error as DaemonError {
            throw CLIError(error)
        }
    }
}

extension GlobalOptions {
    /// The node on this command's site, its store open.
    func node() throws -> NodeEnvironment {
        let site = try site()
        do { return try site.environment() } catch { throw CLIError(error) }
    }

    /// The node for a command that only reads: its store opens read-only on a full file system.
    func readingNode() throws -> NodeEnvironment {
        let site = try site()
        do { return try site.readingEnvironment() } catch { throw CLIError(error) }
    }
}

/// `body`'s value, with a ``RequestError`` it throws as the command's error.
func request<T>(_ body: () throws(RequestError) -> T) throws -> T {
    do { return try body() } catch { throw CLIError(error) }
}

extension CLIError {
    /// `invalidInput` is exit 2; anything else a runtime failure (exit 1).
    init(_ error: DaemonError) {
        self = error.code == .invalidInput ? .invalidInput(error.message) : .failure(error.description)
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

extension CLIError {
    /// `invalidInput` is exit 2; anything else a runtime failure (exit 1).
    init(_ error: RequestError) {
        self = error.code == .invalidInput ? .invalidInput(error.message) : .failure(error.message)
    }
}
