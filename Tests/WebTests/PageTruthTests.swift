import Foundation
import ISOCatalog
import ISOStore
import Repository
import TestSupport
import Testing

/// Issue 13, item 3: the page and `GET /api/v1/images` show every change the moment it is
/// committed, whoever commits it — an `isofleet` CLI process or another connection to the node's
/// store, an update run — on the very next request, with no wait in between.
@Suite(.timeLimit(.minutes(3)))
struct PageTruthTests {
    @Test func changesElsewhereShowOnTheVeryNextRequest() async throws {
        let node = try LiveNode()
        try await node.start()
        defer { withExtendedLifetime(node) {} }
        let debianPath = "Linux/Debian - Netinst/debian.netinst-12.5.0.iso"
        // Warm every cache.
        for _ in 0..<3 {
            #expect(try node.curl("/").contains("debian.netinst-12.5.0.iso"))
            #expect(try node.curl("/api/v1/images").contains("debian.netinst-12.5.0.iso"))
        }

        let removed = try node.cli("catalog", "remove", debianPath)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!(try node.curl("/").contains("debian.netinst-12.5.0.iso")))
        #expect(!(try node.curl("/api/v1/images").contains("debian.netinst-12.5.0.iso")))

        // A selection saved through a connection of its own to the store, not through the daemon
        // (whose API would drop its caches itself): only the change counter tells.
        for _ in 0..<3 { #expect(!(try node.curl("/").contains("Linux/Fedora/Workstation@40"))) }
        let change = try node.curl("/api/v1/changes")
        let data = DataDirectory(node.dataDirectory)
        let other = try CatalogStore(databasePath: data.database, inventoryPath: data.inventory)
        try other.addSelection(try Selection(parsing: "Linux/Fedora/Workstation@40"))
        #expect(try node.curl("/").contains("Linux/Fedora/Workstation@40"))
        #expect(try node.curl("/api/v1/selections").contains("Linux/Fedora/Workstation@40"))
        #expect(try node.curl("/api/v1/changes") != change, "the change counter moved")
    }

    /// After a finished update run, the very next `GET /` and `GET /api/v1/images` show what it
    /// fetched.
    @Test func aFinishedRunShowsOnTheVeryNextRequest() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let added = try fixture.node.cli("select", "add", "Linux/Ubuntu/Server@latest", "--no-auto-update")
        #expect(added.status == 0, "\(added.stderr)")
        for _ in 0..<3 {
            #expect(!(try fixture.node.curl("/").contains("ubuntu.server-24.04.1.iso")))
            #expect(!(try fixture.node.curl("/api/v1/images").contains("ubuntu.server-24.04.1.iso")))
        }
        // `update` through the daemon returns once the run has finished.
        let run = try fixture.node.cli("update")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(try fixture.node.curl("/").contains("ubuntu.server-24.04.1.iso"))
        #expect(try fixture.node.curl("/api/v1/images").contains("ubuntu.server-24.04.1.iso"))
    }
}
