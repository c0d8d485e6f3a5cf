import Foundation
import TestSupport
import Testing

/// `select add|list|remove`, `add --wait` and `status` print the same whether a daemon holds the
/// data directory (they go through its API) or not (they act on the data directory): two nodes
/// with the same contents, one running, the same commands, outputs equal modulo paths and times.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CLIAgainstDaemonTests {
    /// `output` with `directory` as `DIR` and RFC 3339 times as `TIME`.
    static func normalized(_ output: String, _ directory: String) -> String {
        output.replacingOccurrences(of: directory, with: "DIR")
            .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/, with: "TIME")
    }

    /// Runs the sequence on `node`, returning each command's exit status and normalized output.
    static func session(_ node: LiveNode, origin: NginxOrigin) throws -> [String] {
        let url = origin.url("ubuntu-24.04.1-live-server-amd64.iso").absoluteString
        let commands: [[String]] = [
            ["select", "add", "Linux/Ubuntu/Server@22", "--json"],
            ["select", "add", "Linux/Ubuntu/Server@22"],
            ["select", "add", "Linux/Debian/*@12", "--keep", "2", "--no-auto-update"],
            ["select", "add", "Linux/Debian/*@latest.4"],
            ["select", "list"],
            ["select", "list", "--json"],
            ["select", "remove", "Linux/Ubuntu/Server@22"],
            ["select", "remove", "2", "--json"],
            ["select", "remove", "Linux/Ubuntu/Server@22"],
            ["add", url, "--wait"],
            ["add", url, "--wait"],
            ["status", "--json"],
            ["sync"],
            ["sync", "--json", "--force"],
            ["update"],
            ["update", "--json", "--prune"],
        ]
        return try commands.map { arguments in
            let result = try CommandResult.run(
                BuiltProducts.isofleet, arguments, environment: node.environment, workingDirectory: node.directory.path)
            return "\(arguments.joined(separator: " ")) → \(result.status)\n"
                + normalized(result.stdout, node.directory.path) + normalized(result.stderr, node.directory.path)
        }
    }

    @Test func theSameOutputWithAndWithoutTheDaemon() async throws {
        let origin = try TemporaryDirectory(prefix: "cli-origin")
        _ = try ImageGenerator.write(
            to: origin.appending("ubuntu-24.04.1-live-server-amd64.iso"), seed: 41, size: 150_000)
        let nginx = try await NginxOrigin.start(root: origin.path, directory: origin.appending("nginx"))

        let running = try LiveNode()
        try await running.start(arguments: ["--log-level", "debug"])
        let process = try #require(running.process)
        let fromDaemon = try Self.session(running, origin: nginx)
        // The daemon did the work: its request log shows the calls.
        let log = process.standardError()
        #expect(log.contains("POST /api/v1/selections 201"))
        #expect(log.contains("DELETE /api/v1/selections/2 200"))
        #expect(log.contains("POST /api/v1/add 202"))
        process.signal(SIGTERM)
        #expect(try await process.waitForExit(timeout: .seconds(10)) == 0)

        // The other node has no daemon; a scan stands for the daemon's startup scan.
        let alone = try LiveNode()
        #expect(try alone.cli("scan").status == 0)
        let direct = try Self.session(alone, origin: nginx)
        for (daemon, alone) in zip(fromDaemon, direct) {
            #expect(daemon == alone)
        }
        #expect(
            direct[9].hasPrefix(
                "add \(nginx.url("ubuntu-24.04.1-live-server-amd64.iso").absoluteString) --wait → 0\nDIR/data/repo/Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso\n"
            ))
        #expect(direct[10].contains("→ 1\n"))
        #expect(direct[10].contains("already exists"))
        #expect(direct[3].contains("→ 2\n"), "the latest rule refused either way: \(direct[3])")
        #expect(direct[12].hasPrefix("sync → 2\n"), "no manifest.url: invalid input either way: \(direct[12])")
        #expect(direct[13].contains("\"outcome\" : \"not-configured\""))
        #expect(direct[14].hasPrefix("update → 2\n"), "no manifest: invalid input either way: \(direct[14])")
        #expect(
            log.contains("POST /api/v1/update?prune=true&force=false 202") || log.contains("POST /api/v1/update 202"))
        #expect(log.contains("POST /api/v1/sync?force=true 200") || log.contains("POST /api/v1/sync 200"))
    }
}
