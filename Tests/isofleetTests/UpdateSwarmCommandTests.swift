import Foundation
import TestSupport
import Testing

/// `isofleet update` with a fleet peer: an image with a magnet comes from the peer (another node
/// running `isofleet seed`), not from the origin.
@Suite(.timeLimit(.minutes(1)))
struct UpdateSwarmCommandTests {
    @Test func updateFetchesFromAFleetPeerBeforeTheOrigin() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "22.04.3", seed: 1, size: 2 << 20)
        let seeder = try ChildProcess(
            BuiltProducts.isofleet,
            [
                "seed", fixture.origin + "/" + image.fileName, "--listen", "127.0.0.1:0",
                "--data-dir", fixture.cli.directory.appending("seeder"),
            ],
            logDirectory: fixture.cli.directory.path, environment: fixture.cli.environment,
            workingDirectory: fixture.cli.directory.path)
        let line = try await Poll.until(timeout: .seconds(20), "the seeder's magnet") { () -> String? in
            seeder.standardOutput().split(separator: "\n").first.map(String.init)
        }
        let magnet = try #require(line.split(separator: "\t").last.map(String.init))
        let peer = try #require(URLComponents(string: magnet)?.queryItems?.first { $0.name == "x.pe" }?.value)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([(image, [nginx.url(image.fileName)])], magnets: [image.fileName: magnet])
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@22.04").status == 0)

        let result = try fixture.run("update", "--json", "--peer", peer, "--listen", "127.0.0.1:0")
        seeder.signal(SIGTERM)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fetched = try #require((report["fetched"] as? [[String: Any]])?.first)
        #expect(fetched["source_kind"] as? String == "swarm" && fetched["sha256"] as? String == image.sha256)
        #expect(nginx.bodyBytesServed(for: "/" + image.fileName) == 0)
        #expect(fixture.repositoryFiles() == [image.layoutPath])
        _ = try await seeder.waitForExit(timeout: .seconds(15))
    }
}
