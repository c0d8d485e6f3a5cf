import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet serve` running update runs: launched through the API (one at a time), and launched by
/// the manifest sync loop for selections with auto-update.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeUpdateTests {
    @Test func anUpdateRunLaunchedThroughTheAPIFetchesTheSelectedImageAndRefusesASecondRun() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "24.04.1", seed: 41, size: 1 << 20)
        // 256 KiB/s: the run lasts about four seconds, long enough to be asked twice.
        let node = try await ServeNode(fixture: fixture, images: [image], limitRate: 256 * 1024)
        try await node.start()
        // Auto-update off: nothing runs until asked.
        let selection = try node.request(
            "POST", "/api/v1/selections", json: #"{"selection": "Linux/Ubuntu/Server@latest", "auto_update": false}"#)
        #expect(selection.status == 201, "\(selection.body)")
        let idle = try node.object("/api/v1/update")
        #expect(idle["running"] as? Bool == false)
        #expect(idle["last"] == nil)

        let first = try node.request("POST", "/api/v1/update")
        #expect(first.status == 202, "\(first.body)")
        #expect(first.body.contains("update run started"))
        let second = try node.request("POST", "/api/v1/update")
        #expect(second.status == 409, "\(second.body)")
        #expect(second.body.contains("an update run is already in progress"))

        // While it runs: the transfer with its bytes, total and source.
        let transfer = try await Poll.until(timeout: .seconds(20), "a transfer in GET /api/v1/update") {
            () -> [String: Any]? in
            guard let status = try? node.object("/api/v1/update"), status["running"] as? Bool == true,
                let transfers = status["transfers"] as? [[String: Any]],
                let transfer = transfers.first, (transfer["bytes_done"] as? Int ?? 0) > 0
            else { return nil }
            return transfer
        }
        #expect(transfer["path"] as? String == image.layoutPath)
        #expect(transfer["via"] as? String == "origin")
        #expect(transfer["total_bytes"] as? Int == image.data.count)
        #expect((transfer["source"] as? String)?.hasSuffix(image.fileName) == true)

        let last = try await node.lastRun()
        #expect(last["outcome"] as? String == "succeeded", "\(last)")
        #expect(last["fetched"] as? [String] == [image.layoutPath])
        let held = try Data(contentsOf: URL(fileURLWithPath: fixture.repositoryFile(image.layoutPath)))
        #expect(SHA256.hex(of: held) == image.sha256)
        let images = try node.request("GET", "/api/v1/images")
        #expect(images.body.contains(image.layoutPath))
        #expect(try await node.stop() == 0)
    }

    @Test func aNewManifestLaunchesARunForAutoUpdateSelections() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Debian", flavor: "Netinst", version: "12.7.0", seed: 42, size: 256 * 1024)
        let node = try await ServeNode(fixture: fixture, images: [image])
        let select = try node.cli("select", "add", "Linux/Debian/Netinst@latest")
        #expect(select.status == 0, "\(select.stderr)")
        try await node.start()
        // The sync at start fetches the manifest; the selection has auto-update: a run follows.
        let last = try await node.lastRun()
        #expect(last["outcome"] as? String == "succeeded", "\(last)")
        #expect(last["fetched"] as? [String] == [image.layoutPath])
        #expect(FileManager.default.fileExists(atPath: fixture.repositoryFile(image.layoutPath)))
        #expect(node.process?.standardError().contains("auto-update after a new manifest") == true)
        #expect(try await node.stop() == 0)
    }

    @Test func aRestartedNodeRunsItsAutoUpdateAtStartOnAFreshManifest() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Debian", flavor: "Netinst", version: "12.7.0", seed: 43, size: 256 * 1024)
        let node = try await ServeNode(fixture: fixture, images: [image])
        // First life: the manifest is fetched, nothing is selected, nothing runs.
        try await node.start()
        _ = try await Poll.until(timeout: .seconds(20), "the first manifest fetch") {
            ((try? node.object("/api/v1/status"))?["manifest"] as? [String: Any])?["fetched_at"] as? String
        }
        #expect(try await node.stop() == 0)
        #expect(node.process?.standardError().contains("auto-update") == false)

        // Second life: the cached manifest is fresh (manifest.min_age), yet the new selection is
        // brought up to date at once.
        let select = try node.cli("select", "add", "Linux/Debian/Netinst@latest")
        #expect(select.status == 0, "\(select.stderr)")
        try await node.start()
        let last = try await node.lastRun()
        #expect(last["fetched"] as? [String] == [image.layoutPath], "\(last)")
        #expect(node.process?.standardError().contains("auto-update at start") == true)
        #expect(try await node.stop() == 0)
    }
}
