import Foundation
import TestSupport
import Testing

/// A real `isofleet serve` over an ``UpdateCLIFixture``: the manifest served by nginx next to the
/// images, `manifest.url` naming it, the admin token `serve-node-admin-token`, the page on a free port.
final class ServeNode {
    static let token = "serve-node-admin-token"
    let fixture: UpdateCLIFixture
    let origin: NginxOrigin
    let port: UInt16
    let configPath: String
    private(set) var process: ChildProcess?

    var url: String { "http://127.0.0.1:\(port)" }

    /// - Parameters:
    ///   - images: the images to put in the origin and the manifest.
    ///   - limitRate: nginx's bytes per second per connection, to keep a run going for a while.
    ///   - swarmListen: `swarm.listen` (default: any free loopback port).
    init(
        fixture: UpdateCLIFixture, images: [UpdateCLIFixture.Image], limitRate: Int? = nil,
        swarmListen: String = "127.0.0.1:0"
    ) async throws {
        self.fixture = fixture
        let origin = try await fixture.nginx(limitRate: limitRate)
        self.origin = origin
        // The manifest lives in the origin too, so the node pulls it over HTTP.
        try fixture.writeManifest(images.map { ($0, [origin.url($0.fileName)]) })
        try FileManager.default.copyItem(atPath: fixture.manifestPath, toPath: fixture.origin + "/manifest.json")
        port = try FreePort.next()
        configPath = try fixture.cli.writeFile(
            "serve.conf",
            """
            manifest.url = \(origin.url("manifest.json").absoluteString)
            web.listen = 127.0.0.1:\(port)
            admin.token = \(Self.token)
            swarm.listen = \(swarmListen)
            """)
    }

    /// `isofleet ARGS --config serve.conf` to completion.
    func cli(_ arguments: String...) throws -> CommandResult {
        try fixture.cli.run(arguments + ["--config", configPath])
    }

    /// Starts `isofleet serve` and waits until it answers.
    func start() async throws {
        process = try ChildProcess(
            BuiltProducts.isofleet, ["serve", "--config", configPath, "--shutdown-deadline", "10"],
            logDirectory: fixture.cli.directory.path, environment: fixture.cli.environment,
            workingDirectory: fixture.cli.directory.path)
        try await FreePort.waitUntilListening(port: port, timeout: .seconds(20))
    }

    /// `METHOD path` with the admin token: the status code and the body.
    func request(_ method: String, _ path: String, json: String? = nil) throws -> (status: Int, body: String) {
        var arguments = [
            "-s", "--max-time", "10", "-X", method, "-H", "Authorization: Bearer \(Self.token)",
            "-w", "\n%{http_code}",
        ]
        if let json { arguments += ["-H", "Content-Type: application/json", "--data", json] }
        let result = try CommandResult.run("curl", arguments + [url + path])
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n") else {
            throw ChildProcessError("curl \(method) \(path) exited \(result.status): \(result.stderr)")
        }
        return (Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0, String(result.stdout[..<newline]))
    }

    /// `GET path`, parsed as a JSON object.
    func object(_ path: String) throws -> [String: Any] {
        let (status, body) = try request("GET", path)
        guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        else {
            throw ChildProcessError("GET \(path) answered \(status): \(body)")
        }
        return object
    }

    /// Waits until the last update run has ended and returns its `last` object.
    func lastRun(timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try object("/api/v1/update")
            if status["running"] as? Bool == false, let last = status["last"] as? [String: Any] { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChildProcessError("no update run ended within \(timeout): \(process?.standardError() ?? "")")
    }

    /// SIGTERM, then the exit status.
    func stop() async throws -> Int32 {
        guard let process else { return -1 }
        process.signal(SIGTERM)
        return try await process.waitForExit(timeout: .seconds(15))
    }
}
