import Foundation
import TestSupport
import Testing

/// `update --dry-run`, `update --selection` and `layout show|set` against a running daemon: the
/// daemon answers (its request log shows the calls), even when the command line lacks the
/// daemon's manifest.url.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OperatorCLITests {
    /// `isofleet ARGUMENTS…` on the node's data directory without its manifest.url.
    private func cli(_ fixture: OperatorNode, _ arguments: String...) throws -> CommandResult {
        var environment = fixture.node.environment
        environment["ISOFLEET_MANIFEST_URL"] = nil
        return try CommandResult.run(
            BuiltProducts.isofleet, arguments, environment: environment, workingDirectory: fixture.node.directory.path)
    }

    @Test func theDryRunIsTheDaemonsAndNamesTheSourceTheRunUses() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        #expect(try cli(fixture, "select", "add", "Linux/Ubuntu/Server@24", "--no-auto-update").status == 0)
        #expect(try cli(fixture, "select", "add", "Linux/Debian/Netinst@12", "--no-auto-update").status == 0)

        let text = try cli(fixture, "update", "--dry-run")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("fetch (2):"), "\(text.stdout)")
        #expect(
            text.stdout.contains(
                "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso  from http for Linux/Ubuntu/Server@24"))
        let json = try cli(fixture, "update", "--dry-run", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let plan = try fixture.object("/api/v1/plan")
        #expect(json.stdout == (plan["json"] as? String ?? "") + "\n")
        #expect(fixture.node.process?.standardError().contains("GET /api/v1/plan") == true)

        let limited = try cli(fixture, "update", "--dry-run", "--selection", "Linux/Debian/Netinst@12")
        #expect(limited.stdout.contains("fetch (1):"), "\(limited.stdout)")
        #expect(limited.stdout.contains("debian.netinst-12.6.0.iso"))
        let unknown = try cli(fixture, "update", "--dry-run", "--selection", "7")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no selection with id 7"), "\(unknown.stderr)")

        let run = try cli(fixture, "update", "--selection", "2")
        #expect(run.status == 0, "\(run.stderr) \(run.stdout)")
        #expect(run.stdout.contains("fetched 1"), "\(run.stdout)")
        let held = try fixture.heldPaths()
        #expect(held.contains("Linux/Debian - Netinst/debian.netinst-12.6.0.iso"))
        #expect(!held.contains("Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        try await fixture.stop()
    }

    @Test func layoutShowAndSet() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let show = try cli(fixture, "layout", "show")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(
            show.stdout.hasPrefix(
                "layout in force: {family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso (from default)"))
        #expect(show.stdout.contains("0 to move, 2 already in place"))

        let collision = try cli(fixture, "layout", "set", "{family}.iso")
        #expect(collision.status == 1)
        #expect(collision.stderr.contains("would both be at Linux.iso"), "\(collision.stderr)")
        let preview = try cli(fixture, "layout", "set", "{name}/{version}.iso", "--dry-run")
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(
            preview.stdout.contains(
                "move  Linux/Ubuntu/Server@22.04.3  Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso -> Ubuntu/22.04.3.iso"
            ))
        #expect(try fixture.heldPaths().contains("Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"))
        let bad = try cli(fixture, "layout", "set", "/abs/{name}.iso")
        #expect(bad.status == 2)

        let set = try cli(fixture, "layout", "set", "{name}/{version}.iso", "--json")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("\"applied\" : true"))
        #expect(try fixture.heldPaths() == ["Debian/12.5.0.iso", "Ubuntu/22.04.3.iso"])
        #expect(fixture.node.process?.standardError().contains("POST /api/v1/layout 200") == true)
        try await fixture.stop()

        // Without the daemon the stored template is in force.
        let after = try cli(fixture, "layout", "show")
        #expect(after.stdout.hasPrefix("layout in force: {name}/{version}.iso (from store)"), "\(after.stdout)")
    }
}
