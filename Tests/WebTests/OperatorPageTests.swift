import Foundation
import NodeFixtures
import TestSupport
import Testing

/// Each operator action on the page in headless chromium (``PageDriver``), signed in with the
/// admin token: the DOM after the action, a screenshot kept in `.build/test-artifacts/`, and what
/// the node did, read back through its API.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct OperatorPageTests {
    @Test func scanNow() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        _ = try ImageGenerator.write(
            to: fixture.node.dataDirectory + "/repo/Linux/Fedora - Server/fedora.server-40.1.iso", seed: 31, size: 4096)
        let run = try await PageDriver.run(
            try fixture.signIn() + [
                .click("#scan-now"), .waitForText("Scan started."), .waitForText("Last scan: 1 added"),
                .screenshot("operator-scan"),
            ], artifacts: "operator-scan")
        #expect(run.dom.contains("id=\"job-last\""))
        #expect(try fixture.heldPaths().contains("Linux/Fedora - Server/fedora.server-40.1.iso"))
        try await fixture.stop()
    }

    @Test func importAFolder() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        _ = try ImageGenerator.write(
            to: fixture.incoming + "/ubuntu-24.04.1-live-server-amd64.iso", seed: 32, size: 4096)
        let run = try await PageDriver.run(
            try fixture.signIn() + [
                // Outside import.roots: refused with the rule, the folder typed kept in the form.
                .fill("#import-form input[name=folder]", "/etc"), .click("#import-now"),
                .waitForText("is not inside import.roots"), .screenshot("operator-import-refused"),
                .fill("#import-form input[name=folder]", fixture.incoming), .click("#import-now"),
                .waitForText("Import started."), .waitForText("1 imported, 0 skipped, 0 failed"),
                .screenshot("operator-import"),
            ], artifacts: "operator-import")
        #expect(run.dom.contains("Last import of \(fixture.incoming)"))
        #expect(try fixture.heldPaths().contains { $0.hasPrefix("Linux/Ubuntu - Server/ubuntu.server-24.04.1") })
        try await fixture.stop()
    }

    @Test func refreshTheManifest() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        // A new manifest upstream: the refresh brings it at once.
        let fedora = try fixture.origin.image("Linux/Fedora/Server@40.1", seed: 41, size: 4096)
        let nginx = fixture.nginx
        try fixture.origin.writeManifest(fixture.images + [fedora]) { [nginx.url("origin/" + $0.fileName)] }
        _ = try await PageDriver.run(
            try fixture.signIn() + [
                .click("#refresh-now"), .waitForText("Manifest refreshed."), .waitForText("5 images"),
                .screenshot("operator-refresh"),
            ], artifacts: "operator-refresh")
        #expect(try fixture.node.curl("/api/v1/status").contains("\"images\" : 5"))
        try await fixture.stop()
    }

    @Test func updateOneSelection() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        #expect(try fixture.addUbuntuAndDebianSelections())
        let run = try await PageDriver.run(
            try fixture.signIn() + [
                .check("#update-selection-1"), .screenshot("operator-update-choice"), .click("#launch-update"),
                .waitForText("Update started."), .waitForText("Last run:", timeout: 60),
                .screenshot("operator-update"),
            ], artifacts: "operator-update")
        #expect(run.dom.contains("id=\"update-choices\""))
        _ = try await fixture.lastRun()
        let held = try fixture.heldPaths()
        #expect(held.contains("Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        #expect(!held.contains("Linux/Debian - Netinst/debian.netinst-12.6.0.iso"))
        try await fixture.stop()
    }

    @Test func layoutPreviewThenChangeAndARefusedCollision() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let before = try fixture.heldPaths()
        let refused = try await PageDriver.run(
            try fixture.signIn() + [
                .click("#layout-link"), .waitFor("#current-template"),
                .fill("#layout-template", "{family}.iso"), .click("#layout-preview"),
                .waitForText("would both be at Linux.iso"), .screenshot("operator-layout-collision"),
            ], artifacts: "operator-layout-collision")
        #expect(!refused.dom.contains("id=\"layout-apply\""))
        #expect(try fixture.heldPaths() == before)

        let changed = try await PageDriver.run(
            try fixture.signIn() + [
                .open(fixture.node.url + "/layout"),
                .fill("#layout-template", "{family}/{name}/{name_lower}-{version}.iso"),
                .click("#layout-preview"), .waitFor("#layout-moves"), .waitForText("2 to move"),
                .screenshot("operator-layout-preview"), .click("#layout-apply"),
                .waitForText("Layout changed; the images were moved."), .screenshot("operator-layout-changed"),
            ], artifacts: "operator-layout")
        #expect(changed.dom.contains("Linux/Ubuntu/ubuntu-22.04.3.iso"))
        #expect(try fixture.heldPaths() == ["Linux/Debian/debian-12.5.0.iso", "Linux/Ubuntu/ubuntu-22.04.3.iso"])
        try await fixture.stop()
    }

    @Test func thePlanView() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        #expect(try fixture.post("/api/v1/selections", json: #"{"selection": "Linux/Ubuntu/Server@24"}"#) != nil)
        #expect(try fixture.post("/api/v1/selections", json: #"{"selection": "Linux/Nope/*@1"}"#) != nil)
        let run = try await PageDriver.run(
            [
                .open(fixture.node.url + "/"), .click("#plan-link"), .waitFor("#plan-fetch"),
                .screenshot("operator-plan"), .fill("#plan-filter input[name=q]", "debian"),
                .click("#plan-filter button"), .waitFor("#offered"), .screenshot("operator-plan-filtered"),
            ], artifacts: "operator-plan")
        // Filtered to Debian: Ubuntu's offer gone, the plan itself unchanged.
        #expect(run.dom.contains("<td>Debian</td><td>Netinst</td><td>12.6.0, 12.5.0</td>"))
        #expect(!run.dom.contains("<td>Ubuntu</td><td>Server</td>"))
        #expect(run.dom.contains("Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        #expect(run.dom.contains("from http first, for Linux/Ubuntu/Server@24"))
        #expect(run.dom.contains("unresolved: Linux/Nope/*@1: no image in the manifest matches"))
        #expect(run.dom.contains("the highest version wins"))
        // Nothing was launched.
        #expect(try fixture.node.curl("/api/v1/update").contains("\"running\" : false"))
        try await fixture.stop()
    }
}
