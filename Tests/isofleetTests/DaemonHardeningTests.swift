import Foundation
import TestSupport
import Testing

/// Issue 15 through the real binary: the daemon's catalog additions stay inside `import.roots`
/// (item 9), and `fetch.max_size` bounds the fetches of an update run (item 7).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DaemonHardeningTests {
    @Test func item9_theDaemonCopiesNoFileFromOutsideImportRoots() async throws {
        let fixture = try UpdateCLIFixture()
        let node = try await ServeNode(fixture: fixture, images: [])
        let secret = try fixture.cli.writeFile("secret.iso", "not for the public\n")
        try await node.start()

        let refusals = [
            secret: "import.roots is not set",
            fixture.cli.dataDirectory + "/isofleet.sqlite": "inside the data directory",
        ]
        for (path, reason) in refusals {
            let response = try node.request(
                "POST", "/api/v1/catalog",
                json: #"{"family": "Linux", "name": "Leak", "flavor": "Secret", "version": "1", "path": "\#(path)"}"#)
            #expect(response.status == 400, "\(path): \(response.body)")
            #expect(response.body.contains(reason), "\(response.body)")
        }
        #expect(try node.object("/api/v1/status")["images"].flatMap { ($0 as? [String: Any])?["held"] as? Int } == 0)
        #expect(fixture.repositoryFiles().isEmpty)
        #expect(try await node.stop() == 0)
    }

    @Test func item7_anImageLargerThanFetchMaxSizeIsNotFetched() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "24.04.1", seed: 7, size: 1 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([(image, [nginx.url(image.fileName)])])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.configPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("fetch.max_size = 512k\n".utf8))
        try handle.close()
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@latest").status == 0)

        let result = try fixture.run("update")

        #expect(result.status != 0)
        #expect(result.stdout.contains("more than fetch.max_size (524288 bytes)"), "\(result.stdout)\(result.stderr)")
        #expect(nginx.requests().isEmpty)
        #expect(fixture.repositoryFiles().isEmpty)
    }
}
