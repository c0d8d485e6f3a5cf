import ArgumentParser
import Foundation
import Node
import Repository

/// Options every command takes (design §8).
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Configuration file (default: config/isofleet.conf, then /etc/isofleet/isofleet.conf).",
        valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp(
        "Data directory: database, inventory.json, cached manifest, incomplete/, repo/ " +
            "(env ISOFLEET_DATA_DIR, default \(DataDirectory.defaultPath)).",
        valueName: "dir"))
    var dataDir: String?

    /// The data directory in force: flag, then environment, then the default.
    func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        DataDirectory(dataDir ?? environment["ISOFLEET_DATA_DIR"] ?? DataDirectory.defaultPath)
    }

    /// The configuration in force; a bad file is invalid input (exit 2).
    func loadConfiguration(overrides: [ConfigurationKey: String] = [:]) throws -> Configuration {
        do {
            return try Configuration(file: config ?? Configuration.defaultFile(), overrides: overrides)
        } catch {
            throw CLIError.invalidInput(error.description)
        }
    }
}
