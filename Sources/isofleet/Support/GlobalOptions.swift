import ArgumentParser
import Foundation
import Node

/// Options every command takes (design §8).
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Configuration file (default: config/isofleet.conf, then /etc/isofleet/isofleet.conf).",
            valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Data directory: database, inventory.json, cached manifest, incomplete/, repo/ "
                + "(env ISOFLEET_DATA_DIR, default \(NodeSite.defaultDataDirectoryPath)).",
            valueName: "dir"))
    var dataDir: String?

    /// The data directory in force: flag, then environment, then the default.
    func dataDirectoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        dataDir ?? environment["ISOFLEET_DATA_DIR"] ?? NodeSite.defaultDataDirectoryPath
    }

    /// The configuration in force; a bad file is invalid input (exit 2).
    func loadConfiguration(overrides: [ConfigurationKey: String] = [:]) throws -> Configuration {
        let file = config ?? Configuration.defaultFile()
        var isDirectory: ObjCBool = false
        if let file, FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.invalidInput("configuration \(file) is a directory, not a file")
        }
        do {
            return try Configuration(file: file, overrides: overrides)
        } catch {
            throw CLIError.invalidInput(error.description)
        }
    }
}
