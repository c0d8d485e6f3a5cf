import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet serve` seeding what it holds: the `.torrent` in its manifest, a download from its
/// swarm, a graceful stop, and a restart that does not hash again.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeSeedingTests {
    @Test func theNodeSeedsWhatAnUpdateRunFetchedAndRestartsWithoutHashingAgain() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "24.04.2", seed: 43, size: 3 << 20)
        let swarmPort = try FreePort.next()
        let node = try await ServeNode(
            fixture: fixture, images: [image], swarmListen: "127.0.0.1:\(swarmPort)")
        let select = try node.cli("select", "add", "Linux/Ubuntu/Server@latest")
        #expect(select.status == 0, "\(select.stderr)")
        try await node.start()
        let last = try await node.lastRun()
        #expect(last["outcome"] as? String == "succeeded", "\(last)")

        // Seeded once the run ended: /manifest.json names the .torrent (and a magnet naming the swarm).
        let entry = try await Poll.until(timeout: .seconds(20), "sources.torrent in /manifest.json") {
            () -> [String: Any]? in
            guard let manifest = try? node.object("/manifest.json"),
                let images = manifest["images"] as? [[String: Any]],
                let sources = images.first?["sources"] as? [String: Any], sources["torrent"] is String
            else { return nil }
            return sources
        }
        let torrentURL = try #require(entry["torrent"] as? String)
        #expect(torrentURL.hasPrefix(node.url + "/torrents/"))
        #expect((entry["magnet"] as? String)?.contains("x.pe=127.0.0.1:\(swarmPort)") == true, "\(entry)")
        let torrentPath = fixture.cli.directory.appending("fetched.torrent")
        let fetch = try CommandResult.run("curl", ["-sf", "--max-time", "10", "-o", torrentPath, torrentURL])
        #expect(fetch.status == 0)

        // Another node downloads it from this node's swarm alone.
        let other = fixture.cli.directory.appending("other")
        let emptyConfig = try fixture.cli.writeFile("empty.conf", "")
        let add = try ChildProcess(
            BuiltProducts.isofleet,
            [
                "add", torrentPath, "--wait", "--listen", "127.0.0.1:0", "--peer", "127.0.0.1:\(swarmPort)",
                "--timeout", "40", "--data-dir", other, "--config", emptyConfig,
            ],
            logDirectory: fixture.cli.directory.path, environment: fixture.cli.environment)
        #expect(try await add.waitForExit(timeout: .seconds(45)) == 0, "\(add.standardError())")
        let downloaded = add.standardOutput().trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: downloaded))) == image.sha256)

        // Uploaded bytes show in /api/v1/images and /metrics.
        let images = try node.request("GET", "/api/v1/images").body
        #expect(images.contains("\"uploaded_bytes\""))
        let metrics = try node.request("GET", "/metrics").body
        #expect(metrics.contains("isofleet_swarm_uploaded_bytes_total"))

        // SIGTERM while seeding: exit 0 within the deadline (10 s).
        let stopping = ContinuousClock.now
        #expect(try await node.stop() == 0, "\(node.process?.standardError() ?? "")")
        #expect(ContinuousClock.now - stopping < .seconds(10))
        let firstLog = node.process?.standardError() ?? ""
        #expect(firstLog.contains("seeding: created torrent for \(image.layoutPath)"))

        // Restart: the torrent comes from the cache, the image is not hashed again.
        try await node.start()
        let secondLog = try await Poll.until(timeout: .seconds(20), "the seeding refresh after the restart") {
            () -> String? in
            let log = node.process?.standardError() ?? ""
            return log.contains("seeding: torrent cache hit for \(image.layoutPath)") ? log : nil
        }
        #expect(!secondLog.contains("seeding: created torrent"))
        #expect(try await node.stop() == 0)
    }
}
