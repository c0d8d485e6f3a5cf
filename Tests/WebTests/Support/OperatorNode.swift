import Foundation
import NodeFixtures
import TestSupport
import Testing

/// A ``LiveNode`` (holding Ubuntu Server 22.04.3 and Debian Netinst 12.5.0) pulling a real
/// manifest from nginx: those two plus Ubuntu Server 24.04.1 and Debian Netinst 12.6.0, with
/// `import.roots` set to `incoming/` beside the data directory. Keeps the origin alive.
final class OperatorNode {
    let node: LiveNode
    let origin: OriginFixture
    let nginx: NginxOrigin
    let images: [OriginFixture.Image]

    /// The folder the daemon may import from.
    var incoming: String { node.directory.appending("incoming") }

    init() async throws {
        node = try LiveNode()
        origin = try OriginFixture()
        images = [
            try origin.image("Linux/Ubuntu/Server@22.04.3", seed: 11, size: 64 * 1024),
            try origin.image("Linux/Ubuntu/Server@24.04.1", seed: 21, size: 64 * 1024),
            try origin.image("Linux/Debian/Netinst@12.5.0", seed: 12, size: 32 * 1024),
            try origin.image("Linux/Debian/Netinst@12.6.0", seed: 22, size: 32 * 1024),
        ]
        // One nginx serves the manifest (upstream/) and the images (origin/).
        nginx = try await origin.nginx(root: origin.directory.path)
        let nginx = nginx
        try origin.writeManifest(images) { [nginx.url("origin/" + $0.fileName)] }
        try FileManager.default.createDirectory(
            atPath: node.directory.appending("incoming"), withIntermediateDirectories: true)
        node.settings = [
            "ISOFLEET_MANIFEST_URL": nginx.url("upstream/manifest.json").absoluteString,
            "ISOFLEET_IMPORT_ROOTS": node.directory.appending("incoming"),
            "ISOFLEET_MANIFEST_INTERVAL": "6h",
        ]
    }

    /// Starts the daemon and waits for its first manifest pull.
    func start() async throws {
        try await node.start(arguments: ["--log-level", "debug"])
        _ = try await Poll.until(timeout: .seconds(20), "the first manifest pull") { () -> Bool? in
            (try? node.curl("/api/v1/status"))?.contains("\"images\" : 4") == true ? true : nil
        }
    }

    /// `curl` as admin with a JSON body: the body, or nil on an HTTP error.
    func post(_ path: String, json: String? = nil) throws -> String? {
        try node.curlAsAdmin(
            path, "-X", "POST", "-H", "Content-Type: application/json", "-d", json ?? "")
    }

    /// Adds the two selections the limited-run tests choose from (Ubuntu 24 and Debian 12, no
    /// auto-update); true when both were accepted.
    func addUbuntuAndDebianSelections() throws -> Bool {
        try ["Linux/Ubuntu/Server@24", "Linux/Debian/Netinst@12"].allSatisfy { spec in
            try post("/api/v1/selections", json: #"{"selection": "\#(spec)", "auto_update": false}"#) != nil
        }
    }

    /// `curl -w` as admin: the status code and body of `METHOD path`.
    func request(_ method: String, _ path: String, json: String? = nil) throws -> (status: Int, body: String) {
        let token = try node.adminToken()
        var arguments = [
            "-s", "--max-time", "20", "-X", method, "-H", "Authorization: Bearer \(token)", "-w", "\n%{http_code}",
        ]
        if let json { arguments += ["-H", "Content-Type: application/json", "-d", json] }
        let result = try CommandResult.run("curl", arguments + [node.url + path])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// `GET path` decoded as a JSON object.
    func object(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(node.curl(path).utf8)) as? [String: Any])
    }

    /// Waits until no scan or import runs, and returns the last one.
    func lastJob() async throws -> [String: Any] {
        try await Poll.until(timeout: .seconds(30), "the scan or import to end") { () -> [String: Any]? in
            guard let jobs = try? object("/api/v1/jobs"), jobs["running"] == nil || jobs["running"] is NSNull else {
                return nil
            }
            return jobs["last"] as? [String: Any]
        }
    }

    /// Waits until no update run is in progress and one has ended; returns its summary line.
    func lastRun() async throws -> String {
        try await Poll.until(timeout: .seconds(60), "the update run to end") { () -> String? in
            guard let view = try? object("/api/v1/update"), view["running"] as? Bool == false,
                let last = view["last"] as? [String: Any]
            else { return nil }
            return "\(last["outcome"] ?? "") \(last["summary"] ?? "")"
        }
    }

    /// The paths `GET /api/v1/images` lists.
    func heldPaths() throws -> [String] {
        let list = try #require(
            try JSONSerialization.jsonObject(with: Data(node.curl("/api/v1/images").utf8)) as? [[String: Any]])
        return list.compactMap { $0["path"] as? String }.sorted()
    }

    /// Signs in on the page (the first steps of a ``PageDriver`` run).
    func signIn() throws -> [PageDriver.Step] {
        [
            .open(node.url + "/"), .fill("#login-form input[name=token]", try node.adminToken()),
            .click("#login-form button"), .waitForText("Signed in."),
        ]
    }

    /// Stops the daemon.
    func stop() async throws {
        node.process?.signal(SIGTERM)
        _ = try await node.process?.waitForExit(timeout: .seconds(10))
    }
}
