import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Logging
import Node
import Repository
import TestSupport
import Testing
import WireTypes

@testable import Web

/// `/api/v1/settings`, `/api/v1/catalog`, `/api/v1/status`, and the pending `update` and `add`.
struct SettingsCatalogStatusAPITests {
    @Test func settingsReadAndChangeTheManifestInterval() async throws {
        let fixture = try WebFixture(configuration: [.manifestInterval: "3h"])
        try await fixture.test { client in
            let before = try await client.execute(uri: "/api/v1/settings", method: .get)
            #expect(try before.json() as? [String: String] == ["manifest_interval": "3h"])
            let changed = try await client.execute(
                uri: "/api/v1/settings", method: .put, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"manifest_interval": "30m"}"#))
            #expect(changed.status == .ok)
            #expect(try changed.json() as? [String: String] == ["manifest_interval": "30m"])
        }
        #expect(try fixture.environment.settings.manifestInterval() == .seconds(1800))
        #expect(try fixture.environment.status().manifest.interval == "30m")
    }

    @Test(arguments: [
        (#"{"manifest_interval": "often"}"#, "is not a duration"),
        (#"{"manifest_interval": "10s"}"#, "shorter than the minimum"),
        (#"{"manifest_interval": "106751991167301d"}"#, "at most 366d"),
        (#"{"manifest_interval": "9223372036854775807"}"#, "at most 366d"),
        (#"{"manifest_interval": 5}"#, "invalid JSON body"),
        (#"{}"#, "nothing to change"),
    ])
    func invalidSettingsAre400(body: String, expected: String) async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/settings", method: .put, headers: WebFixture.bearer, body: ByteBuffer(json: body))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains(expected) == true, "\(response.errorMessage ?? "")")
        }
        #expect(try fixture.store.setting("manifest.interval") == nil)
    }

    /// A value an earlier version stored without the limit no longer reaches a sleep (where it
    /// trapped at every start): the configured interval is used instead.
    @Test func item8_aStoredIntervalBeyondTheLimitFallsBackToTheConfiguredOne() throws {
        let fixture = try WebFixture(configuration: [.manifestInterval: "2h"])
        try fixture.store.setSetting("manifest.interval", "9223372036854775807")
        #expect(try fixture.environment.settings.manifestInterval() == .seconds(7200))
    }

    @Test func catalogAddsAFileFromOutsideTheRepository() async throws {
        let fixture = try WebFixture()
        let file = try ImageGenerator.write(to: fixture.directory.appending("incoming/win.iso"), seed: 5, size: 4096)
        let sha256 = try FileHashingProbe.sha256(of: file)
        let body = """
            {"family": "Windows", "name": "Windows 11", "flavor": "Pro", "version": "23H2", "arch": "x64",
             "path": "\(file)", "display_name": "Windows 11 <Pro> 23H2", "sha256": "\(sha256.uppercased())"}
            """
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/catalog", method: .post, headers: WebFixture.bearer, body: ByteBuffer(json: body))
            #expect(response.status == .created, "\(response.text)")
            let image = try #require(try response.json() as? [String: Any])
            #expect(image["path"] as? String == "Windows/Windows 11 - Pro/windows 11.pro-23H2.iso")
            #expect(image["display_name"] as? String == "Windows 11 <Pro> 23H2")
            #expect(image["source"] as? String == "catalog")
            #expect(image["sha256"] as? String == sha256)
        }
        let stored = try #require(try fixture.store.image(path: "Windows/Windows 11 - Pro/windows 11.pro-23H2.iso"))
        #expect(FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: stored.path)))
    }

    @Test func catalogRefusesBadInput() async throws {
        let fixture = try WebFixture()
        let file = try ImageGenerator.write(to: fixture.directory.appending("incoming/a.iso"), seed: 6, size: 1000)
        try await fixture.test { client in
            let missingField = try await client.execute(
                uri: "/api/v1/catalog", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"family": "Linux", "name": "Alpine", "flavor": "Virt", "path": "\#(file)"}"#))
            #expect(missingField.status == .badRequest)
            #expect(missingField.errorMessage == "invalid JSON body: missing field .version")

            let mismatch = try await client.execute(
                uri: "/api/v1/catalog", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(
                    json: """
                        {"family": "Linux", "name": "Alpine", "flavor": "Virt", "version": "3.20.1", "path": "\(file)",
                         "sha256": "\(String(repeating: "0", count: 64))"}
                        """))
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatch.errorMessage?.contains("expected 0000") == true)

            let noFile = try await client.execute(
                uri: "/api/v1/catalog", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(
                    json:
                        #"{"family": "Linux", "name": "Alpine", "flavor": "Virt", "version": "3", "path": "/nonexistent.iso"}"#
                ))
            #expect(noFile.status == .badRequest)
        }
        #expect(try fixture.store.images().count == 2)
    }

    @Test func statusIsTheNodeStatus() async throws {
        let fixture = try WebFixture()
        _ = try fixture.store.addSelection(try Selection(parsing: "Linux/*/*@latest"), autoUpdate: true)
        try await fixture.test { client in
            let response = try await client.execute(uri: "/api/v1/status", method: .get)
            #expect(response.status == .ok)
            let decoded = try JSONDecoder().decode(NodeStatus.self, from: Data(response.text.utf8))
            #expect(decoded == (try fixture.environment.status()))
            #expect(decoded.images.held == 2)
            #expect(decoded.selections.total == 1)
            #expect(decoded.selections.autoUpdate == 1)
            let object = try #require(try response.json() as? [String: Any])
            #expect(Set(object.keys) == ["data_dir", "repository", "images", "selections", "manifest", "transfers"])
            #expect(
                Set((object["manifest"] as? [String: Any])?.keys ?? [:].keys)
                    == ["url", "fetched_at", "last_attempt", "last_error", "images", "interval", "next_pull"])
        }
    }

    @Test func updateAndAddAre503UntilTheirEnginesAreWired() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let update = try await client.execute(uri: "/api/v1/update", method: .post, headers: WebFixture.bearer)
            #expect(update.status == .serviceUnavailable)
            #expect(update.errorMessage == "update runs (the update runner) not running on this node")
            let progress = try await client.execute(uri: "/api/v1/update", method: .get)
            #expect(progress.status == .serviceUnavailable)
            let add = try await client.execute(
                uri: "/api/v1/add", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"source": "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"}"#))
            #expect(add.status == .serviceUnavailable)
            #expect(add.errorMessage?.hasSuffix("not running on this node") == true)
            let additions = try await client.execute(uri: "/api/v1/additions", method: .get)
            #expect((try additions.json() as? [Any])?.isEmpty == true)
            let badSource = try await client.execute(
                uri: "/api/v1/add", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"source": "ftp://x"}"#))
            #expect(badSource.status == .badRequest)
        }
    }

    @Test func aWiredUpdateRunnerLaunchesReportsAndRefusesASecondRun() async throws {
        let base = try WebFixture()
        // No manifest.url: the run starts, then fails for want of a manifest, and says so.
        let runner = UpdateRunner(
            store: base.store, repository: base.repository, dataDirectory: base.dataDirectory,
            synchronizer: ManifestSynchronizer(store: base.store, url: nil))
        let monitor = UpdateMonitor(runner: runner)
        let consuming = Task { await monitor.consume() }
        defer { consuming.cancel() }
        var environment = base.environment
        environment.engines = NodeEngines(updates: monitor)
        let server = WebServer(
            environment: environment, settings: try WebSettings(configuration: environment.configuration),
            adminToken: WebFixture.token, logger: Logger(label: "web-test"))
        try await server.application().test(.router) { client in
            let before = try await client.execute(uri: "/api/v1/update", method: .get)
            #expect(before.status == .ok)
            let idle = try #require(try before.json() as? [String: Any])
            #expect(idle["running"] as? Bool == false)
            #expect((idle["transfers"] as? [Any])?.isEmpty == true)
            #expect(idle["last"] == nil)

            let update = try await client.execute(uri: "/api/v1/update", method: .post, headers: WebFixture.bearer)
            #expect(update.status == .accepted)
            #expect((try update.json() as? [String: String])?["started"]?.hasPrefix("update run started ") == true)
            await runner.cancelLaunched()
            let after = try await client.execute(uri: "/api/v1/update", method: .get)
            let last = try #require((try after.json() as? [String: Any])?["last"] as? [String: Any])
            #expect(last["outcome"] as? String == "failed")
            #expect((last["summary"] as? String)?.contains("manifest") == true, "\(last)")

            // Another process holds DATA_DIR/update.lock: refused with 409 and the reason.
            let held = open(base.dataDirectory.root + "/update.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            #expect(flock(held, LOCK_EX | LOCK_NB) == 0)
            defer { close(held) }
            let refused = try await client.execute(uri: "/api/v1/update", method: .post, headers: WebFixture.bearer)
            #expect(refused.status == .conflict)
            #expect(refused.errorMessage?.contains("update.lock is held") == true, "\(refused.text)")
        }
    }
}

/// The sha256 of a file, computed the way the node does.
enum FileHashingProbe {
    static func sha256(of path: String) throws -> String { try defaultFileHashing(path, nil) }
}
