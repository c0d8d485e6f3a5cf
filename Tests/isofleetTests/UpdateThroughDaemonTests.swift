import Foundation
import TestSupport
import Testing

/// `isofleet update` with a daemon on the data directory: the daemon runs it, and the command
/// prints what a run of its own prints (text and `--json`), compared with a node without a daemon
/// holding the same selection, manifest and origin images (outputs equal modulo ports and times).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct UpdateThroughDaemonTests {
    /// `text` with the node's origin and directory replaced, times as `TIME`.
    static func normalized(_ text: String, _ node: ServeNode) -> String {
        text.replacingOccurrences(of: "http://127.0.0.1:\(node.origin.port)", with: "ORIGIN")
            .replacingOccurrences(of: node.fixture.cli.directory.path, with: "DIR")
            .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/, with: "TIME")
    }

    static func node() async throws -> ServeNode {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "24.04.1", seed: 51, size: 200_000)
        let node = try await ServeNode(fixture: fixture, images: [image])
        #expect(try node.cli("select", "add", "Linux/Ubuntu/Server@latest", "--no-auto-update").status == 0)
        return node
    }

    @Test func updatePrintsTheSameWithAndWithoutTheDaemon() async throws {
        let running = try await Self.node()
        try await running.start()
        // The daemon pulls the manifest at start; wait for it so both runs find it fresh.
        _ = try await Poll.until(timeout: .seconds(20), "the daemon's first manifest pull") { () -> Bool? in
            ((try? running.object("/api/v1/status"))?["manifest"] as? [String: Any])?["fetched_at"] is String
                ? true : nil
        }
        let viaDaemon = try running.cli("update", "--json")
        #expect(viaDaemon.status == 0, "\(viaDaemon.stderr)")
        let last = try #require(try running.object("/api/v1/update")["last"] as? [String: Any], "the daemon ran it")
        #expect(last["outcome"] as? String == "succeeded")
        #expect(last["fetched"] as? [String] == ["Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"])
        let textViaDaemon = try running.cli("update")
        #expect(textViaDaemon.status == 0, "\(textViaDaemon.stderr)")
        #expect(try await running.stop() == 0)

        let alone = try await Self.node()
        #expect(try alone.cli("sync").status == 0)
        let direct = try alone.cli("update", "--json")
        #expect(direct.status == 0, "\(direct.stderr)")
        let textDirect = try alone.cli("update")

        #expect(Self.normalized(viaDaemon.stdout, running) == Self.normalized(direct.stdout, alone))
        #expect(Self.normalized(textViaDaemon.stdout, running) == Self.normalized(textDirect.stdout, alone))
        #expect(direct.stdout.contains("\"path\" : \"Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso\""))
        #expect(
            viaDaemon.stdout.contains("\"bytes_from_origin\" : 200000"), "the first run fetched it: \(viaDaemon.stdout)"
        )
        #expect(
            textDirect.stdout.hasPrefix("manifest: fresh, 1 image(s), current\nfetched 0, deleted 0, kept 1, failed 0"),
            "\(textDirect.stdout)")
    }
}
