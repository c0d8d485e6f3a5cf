import Digest
import Foundation
import TestSupport
import Testing

/// One `isofleet serve` in its own ``NetworkLab`` host: its own data directory and configuration
/// (`manifest.url` → the lab's origin, `swarm.listen` and `web.listen` on its address,
/// `fleet.discovery = static` with `fleet.peers` naming other nodes), and a selection wanting the
/// fleet's image (auto-update on, so the first manifest sync launches the run).
final class FleetLabNode {
    static let token = "fleet-lab-admin-token"
    static let webPort: UInt16 = 8080
    static let swarmPort = 6881

    let lab: NetworkLab
    let host: LabHost
    let directory: String
    let dataDirectory: String
    let configPath: String
    private(set) var process: ChildProcess?
    /// Variables added to the node's environment (AWS credentials for an S3 origin).
    let extraEnvironment: [String: String]

    var name: String { "node \(host.address)" }
    var swarmAddress: String { "\(host.address):\(Self.swarmPort)" }

    /// Writes the node's configuration (plus `extraConfiguration` lines) and adds `selection` to
    /// its data directory.
    init(
        lab: NetworkLab, host: LabHost, directory: String, manifestURL: URL, peers: [String], selection: String,
        extraConfiguration: String = "", extraEnvironment: [String: String] = [:]
    ) throws {
        self.lab = lab
        self.extraEnvironment = extraEnvironment
        self.host = host
        self.directory = directory
        dataDirectory = directory + "/data"
        configPath = directory + "/isofleet.conf"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        manifest.url = \(manifestURL.absoluteString)
        web.listen = \(host.address):\(Self.webPort)
        fleet.web_port = \(Self.webPort)
        admin.token = \(Self.token)
        swarm.listen = \(host.address):\(Self.swarmPort)
        fleet.discovery = static
        fleet.peers = \(peers.joined(separator: ","))
        \(extraConfiguration)

        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let select = try CommandResult.run(
            BuiltProducts.isofleet, ["select", "add", selection, "--data-dir", dataDirectory, "--config", configPath],
            environment: environment, workingDirectory: directory)
        guard select.status == 0 else {
            throw ChildProcessError("\(name): select add exited \(select.status): \(select.stderr)")
        }
    }

    /// The test's environment without `ISOFLEET_*` and `AWS_*` variables, plus ``extraEnvironment``.
    var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ISOFLEET_") && !$0.key.hasPrefix("AWS_") }
            .merging(extraEnvironment) { $1 }
    }

    /// Starts `isofleet serve` in the node's namespace and waits until its web server answers.
    func start() async throws {
        process = try lab.run(
            in: host, BuiltProducts.isofleet,
            ["serve", "--data-dir", dataDirectory, "--config", configPath, "--shutdown-deadline", "10"],
            environment: environment, workingDirectory: directory)
        try await lab.waitUntilListening(host, port: Self.webPort, timeout: .seconds(30))
    }

    /// SIGKILL: the node dies mid-whatever, as on a power loss.
    func kill() async throws {
        guard let process else { return }
        process.signal(SIGKILL)
        try await process.waitForExit(timeout: .seconds(10))
    }

    /// SIGTERM, then the exit status.
    func stop() async throws -> Int32 {
        guard let process, process.isRunning else { return -1 }
        process.signal(SIGTERM)
        return try await process.waitForExit(timeout: .seconds(20))
    }

    /// `METHOD path` on the node's API with the admin token (curl inside the node's namespace):
    /// the status code and the body, nil when the node does not answer.
    func request(_ method: String, _ path: String) -> (status: Int, body: String)? {
        guard
            let result = try? lab.execute(
                in: host, "curl",
                [
                    "-s", "--max-time", "5", "-X", method, "-H", "Authorization: Bearer \(Self.token)", "-w",
                    "\n%{http_code}",
                    "http://\(host.address):\(Self.webPort)\(path)",
                ]),
            result.status == 0, let newline = result.stdout.lastIndex(of: "\n")
        else { return nil }
        return (Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0, String(result.stdout[..<newline]))
    }

    /// `GET path` on the node's API, parsed as a JSON object; nil unless it answers 200 with one.
    func object(_ path: String) -> [String: Any]? {
        guard let (status, body) = request("GET", path), status == 200 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    }

    /// The bytes done of the running update run's first transfer, nil when none runs.
    func transferredBytes() -> Int? {
        guard let status = object("/api/v1/update"), status["running"] as? Bool == true,
            let transfers = status["transfers"] as? [[String: Any]], let transfer = transfers.first
        else { return nil }
        return transfer["bytes_done"] as? Int
    }

    /// `inventory.json` as written by the node, nil while it has none.
    func inventory() -> [[String: Any]]? {
        guard let data = FileManager.default.contents(atPath: dataDirectory + "/inventory.json") else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    }

    /// The inventory without what legitimately differs between nodes (`added`), as sorted JSON
    /// text, for comparing nodes.
    func comparableInventory() -> String? {
        guard let inventory = inventory() else { return nil }
        let stripped = inventory.map { $0.filter { $0.key != "added" } }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: stripped, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// True once the inventory lists `path` with `sha256` (the node placed the verified image).
    func holds(_ path: String, sha256: String) -> Bool {
        inventory()?.contains { $0["path"] as? String == path && $0["sha256"] as? String == sha256 } == true
    }

    /// SHA-256 of the file at `path` in the node's repository, nil when it is absent.
    func fileSHA256(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: dataDirectory + "/repo/" + path) else { return nil }
        return SHA256.hex(of: data)
    }

    /// The node's log so far.
    func log() -> String { process?.standardError() ?? "" }
}
