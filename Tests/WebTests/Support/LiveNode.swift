import Foundation
import TestSupport
import Testing

/// A real `isofleet serve` (the built binary) on a free loopback port, in a temporary data
/// directory holding two images, run from a neutral working directory without inherited
/// `ISOFLEET_*` variables.
final class LiveNode {
    let directory: TemporaryDirectory
    let port: UInt16
    private(set) var process: ChildProcess?
    /// More `ISOFLEET_*` settings for the daemon and the CLI.
    var settings: [String: String] = [:]

    var dataDirectory: String { directory.appending("data") }
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        directory = try TemporaryDirectory(prefix: "live")
        port = try FreePort.next()
        try ImageGenerator.write(
            to: directory.appending("data/repo/Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"), seed: 11,
            size: 64 * 1024)
        try ImageGenerator.write(
            to: directory.appending("data/repo/Linux/Debian - Netinst/debian.netinst-12.5.0.iso"), seed: 12,
            size: 32 * 1024)
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ISOFLEET_") }
        environment["ISOFLEET_DATA_DIR"] = dataDirectory
        environment["ISOFLEET_WEB_LISTEN"] = "127.0.0.1:\(port)"
        environment["ISOFLEET_SWARM_LISTEN"] = "127.0.0.1:0"
        environment.merge(settings) { _, new in new }
        return environment
    }

    /// Starts the daemon and waits until it listens and its startup scan found both images.
    func start(arguments: [String] = []) async throws {
        process = try ChildProcess(
            BuiltProducts.isofleet, ["serve"] + arguments, logDirectory: directory.path, environment: environment,
            workingDirectory: directory.path)
        try await FreePort.waitUntilListening(port: port, timeout: .seconds(20))
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let status = try? curl("/api/v1/status"), status.contains("\"held\" : 2"),
                FileManager.default.fileExists(atPath: dataDirectory + "/serve.json")
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the node did not finish its startup scan: \(process?.standardError() ?? "")")
    }

    /// `isofleet ARGUMENTS…` against the same data directory.
    func cli(_ arguments: String...) throws -> CommandResult {
        try CommandResult.run(
            BuiltProducts.isofleet, arguments, environment: environment, workingDirectory: directory.path)
    }

    /// The token the daemon generated into the data directory.
    func adminToken() throws -> String {
        try String(contentsOfFile: dataDirectory + "/admin-token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `curl ARGUMENTS… URL+path` with the admin token as bearer: the body, or nil on an HTTP error.
    func curlAsAdmin(_ path: String, _ arguments: String...) throws -> String? {
        let token = try adminToken()
        let result = try CommandResult.run(
            "curl", ["-sf", "--max-time", "10", "-H", "Authorization: Bearer \(token)"] + arguments + [url + path])
        return result.status == 0 ? result.stdout : nil
    }

    /// The body of `GET path` (curl, so a real HTTP client speaks to the node).
    func curl(_ path: String) throws -> String {
        let result = try CommandResult.run("curl", ["-sf", "--max-time", "10", url + path])
        guard result.status == 0 else { throw ChildProcessError("curl \(path) exited \(result.status)") }
        return result.stdout
    }
}
