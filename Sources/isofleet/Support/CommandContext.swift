import Foundation
import ISOCatalog
import ISOStore
import Node
import Acquisition
import Common
import Repository

/// What a command that works on the data directory needs: configuration, paths, the store.
struct CommandContext {
    let configuration: Configuration
    let dataDirectory: DataDirectory
    let repository: Repository

    /// Reads the configuration and works out the data directory and repository (design §8):
    /// `repository.path`, else `DATA_DIR/repo`; layout from `repository.layout`.
    init(_ options: GlobalOptions) throws {
        configuration = try options.loadConfiguration()
        dataDirectory = options.dataDirectory()
        let layout: Layout
        do {
            layout = try Layout(template: configuration[.repositoryLayout] ?? Layout.defaultTemplate)
        } catch {
            throw CLIError.invalidInput("repository.layout: \(error.message)")
        }
        repository = Repository(root: configuration[.repositoryPath] ?? dataDirectory.defaultRepository, layout: layout)
    }

    /// Creates the data directory and repository when missing, then opens the store.
    func openStore() throws -> CatalogStore {
        do {
            try dataDirectory.create()
        } catch {
            throw CLIError.failure("cannot create data directory \(dataDirectory.root): \(error.localizedDescription)")
        }
        do { try repository.create() } catch { throw CLIError(error) }
        do {
            return try CatalogStore(databasePath: dataDirectory.database, inventoryPath: dataDirectory.inventory)
        } catch {
            throw CLIError.failure(error.description)
        }
    }

    /// Directories a scan or import never descends into.
    var excludedDirectories: Set<String> { [dataDirectory.incomplete, dataDirectory.resume] }
}

extension CLIError {
    /// `invalidInput` is exit 2; conflicts, not found, verification, I/O and store failures are
    /// runtime failures (exit 1).
    init(_ error: CatalogError) {
        self = error.code == .invalidInput ? .invalidInput(error.description) : .failure(error.description)
    }

    /// A store failure is a runtime failure (exit 1).
    init(_ error: StoreError) {
        self = .failure(error.description)
    }
}

extension CLIError {
    /// Invalid input is exit 2; conflicts, a missing swarm and failures are exit 1.
    init(_ error: IngestError) {
        self = error.code == .invalidInput ? .invalidInput(error.message) : .failure(error.message)
    }
}
