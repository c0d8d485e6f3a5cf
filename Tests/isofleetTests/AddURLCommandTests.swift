import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet add URL --wait` for http(s) sources: an image URL (fetched, verified, placed) and a
/// .torrent URL (fetched, then downloaded from the swarm).
@Suite(.timeLimit(.minutes(1)))
struct AddURLCommandTests {
    @Test func imageURLIsFetchedVerifiedAndPlaced() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Debian", flavor: "Netinst", version: "12.5", seed: 4)
        let nginx = try await fixture.nginx()
        let url = nginx.url(image.fileName).absoluteString

        let wrong = try fixture.run("add", url, "--wait", "--sha256", String(repeating: "0", count: 64))
        #expect(wrong.status == 1 && wrong.hasOneLineError && wrong.stderr.contains("SHA-256"), "\(wrong.stderr)")
        #expect(fixture.repositoryFiles().isEmpty)

        let added = try fixture.run("add", url, "--wait", "--sha256", image.sha256)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == fixture.repositoryFile(image.fileName) + "\n")
        #expect(FileManager.default.contents(atPath: fixture.repositoryFile(image.fileName)) == image.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.cli.dataDirectory + "/incomplete").isEmpty)

        let again = try fixture.run("add", url, "--wait")
        #expect(again.status == 1 && again.stderr.contains("already exists"))
    }

    /// Issue 15, item 7: `fetch.max_size` bounds an image URL given to `add` as it bounds update runs.
    @Test func item7_imageURLIsBoundedByFetchMaxSize() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Debian", flavor: "Netinst", version: "12.5", seed: 4)
        let nginx = try await fixture.nginx()
        var environment = fixture.cli.environment
        environment["ISOFLEET_FETCH_MAX_SIZE"] = "4096"
        let refused = try CommandResult.run(
            BuiltProducts.isofleet, ["add", nginx.url(image.fileName).absoluteString, "--wait"],
            environment: environment, workingDirectory: fixture.cli.directory.path)
        #expect(refused.status == 1 && refused.hasOneLineError, "\(refused.stderr)")
        #expect(refused.stderr.contains("4096"), "\(refused.stderr)")
        #expect(fixture.repositoryFiles().isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.cli.dataDirectory + "/incomplete")
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func torrentURLIsFetchedThenDownloadedFromThePeer() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "24.04.1", seed: 5)
        let seeder = try ChildProcess(
            BuiltProducts.isofleet,
            [
                "seed", fixture.origin + "/" + image.fileName, "--listen", "127.0.0.1:0",
                "--data-dir", fixture.cli.directory.appending("seeder"),
            ],
            logDirectory: fixture.cli.directory.path, environment: fixture.cli.environment,
            workingDirectory: fixture.cli.directory.path)
        let line = try await Poll.until(timeout: .seconds(20), "the seeder's torrent") { () -> String? in
            seeder.standardOutput().split(separator: "\n").first.map(String.init)
        }
        let fields = line.split(separator: "\t").map(String.init)
        let torrentPath = fields[0]
        let peer = try #require(URLComponents(string: fields[1])?.queryItems?.first { $0.name == "x.pe" }?.value)
        let nginx = try await NginxOrigin.start(
            root: (torrentPath as NSString).deletingLastPathComponent,
            directory: fixture.cli.directory.appending("nginx-torrents"))

        let added = try fixture.run(
            "add", nginx.url((torrentPath as NSString).lastPathComponent).absoluteString, "--wait",
            "--peer", peer, "--listen", "127.0.0.1:0")
        seeder.signal(SIGTERM)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == fixture.repositoryFile(image.fileName) + "\n")
        #expect(FileManager.default.contents(atPath: fixture.repositoryFile(image.fileName)) == image.data)
        _ = try await seeder.waitForExit(timeout: .seconds(15))
    }
}
