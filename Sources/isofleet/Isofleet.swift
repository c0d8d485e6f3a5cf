import ArgumentParser
import Foundation

/// The `isofleet` command: the daemon and the operator's tool in one binary.
@main
struct Isofleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isofleet",
        abstract: "Keep a repository of OS installer images in sync across a fleet.",
        discussion: """
            Exit codes: 0 success, 1 runtime failure (network, disk, verification), \
            2 invalid input (bad selection, manifest or arguments).
            """,
        subcommands: [
            ParseNameCommand.self, ResolveCommand.self, SelectCommand.self, CatalogCommand.self,
            ScanCommand.self, ImportCommand.self, TorrentCommand.self, AddCommand.self, SeedCommand.self,
            FetchCommand.self, HashCommand.self, SyncCommand.self, UpdateCommand.self, ServeCommand.self,
            StatusCommand.self, ManifestCommand.self, LayoutCommand.self, UploadCommand.self,
        ]
    )

    /// Runs the command and maps every error to the exit codes of design §8: a one-line message
    /// on stderr, 2 for invalid input, 1 for runtime failures.
    static func main() async {
        let exitCode: Int32
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exitCode = 0
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("isofleet: \(error.message)\n".utf8))
            exitCode = error.exitCode
        } catch {
            exitCode = Self.reportArgumentError(error)
        }
        Foundation.exit(exitCode)
    }

    /// Help and `--version` exit 0 on stdout; argument errors exit 2 with a one-line message
    /// (the usage is one `--help` away).
    private static func reportArgumentError(_ error: any Error) -> Int32 {
        let code = Self.exitCode(for: error)
        if code == .success {
            print(Self.fullMessage(for: error))
            return 0
        }
        let message = Self.oneLine(Self.message(for: error))
        if code == .validationFailure {
            FileHandle.standardError.write(Data("isofleet: \(message) (see --help)\n".utf8))
            return CLIError.invalidInputCode
        }
        if !message.isEmpty { FileHandle.standardError.write(Data("isofleet: \(message)\n".utf8)) }
        return code.rawValue
    }

    /// The first non-empty line of `message`, without argument-parser's `Error: ` prefix.
    private static func oneLine(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        return line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
    }
}
