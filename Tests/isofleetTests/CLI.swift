import Foundation
import TestSupport
import Testing

/// Runs the built `isofleet` binary against a fresh data directory, from a neutral working
/// directory (so no `config/isofleet.conf` is picked up) and without inherited `ISOFLEET_*` variables.
struct CLI {
    let directory: TemporaryDirectory
    var dataDirectory: String { directory.appending("data") }
    var repository: String { directory.appending("data/repo") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "cli")
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ISOFLEET_") }
        environment["ISOFLEET_DATA_DIR"] = dataDirectory
        return environment
    }

    /// Runs `isofleet ARGUMENTS...` to completion.
    @discardableResult
    func run(_ arguments: String...) throws -> CommandResult {
        try run(arguments)
    }

    func run(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            BuiltProducts.isofleet, arguments, environment: environment, workingDirectory: directory.path)
    }

    /// Runs a `--json` command that must succeed and returns its stdout parsed.
    func json(_ arguments: String...) throws -> Any {
        let result = try run(arguments)
        #expect(result.status == 0, "isofleet \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    /// Writes a deterministic image at `path` (absolute, or relative to the test directory).
    @discardableResult
    func writeImage(_ path: String, seed: UInt64, size: Int = 200 * 1024) throws -> String {
        try ImageGenerator.write(to: path.hasPrefix("/") ? path : directory.appending(path), seed: seed, size: size)
    }

    /// Writes `text` to a file in the test directory and returns its path.
    func writeFile(_ name: String, _ text: String) throws -> String {
        let path = directory.appending(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension CommandResult {
    /// True when stderr is exactly one line (the design's one-line error).
    var hasOneLineError: Bool {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.count == 1 && lines[0].hasPrefix("isofleet: ")
    }
}

/// Keys of a JSON object, for exact shape checks.
func keys(_ value: Any?) -> Set<String> {
    Set((value as? [String: Any])?.keys.map { $0 } ?? [])
}
