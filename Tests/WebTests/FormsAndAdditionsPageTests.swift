import Foundation
import NodeFixtures
import TestSupport
import Testing

/// The page's additions, forms and update button in headless chromium (``PageDriver``) against a
/// real `isofleet serve`: cancelling an addition with its button, a refused catalog form keeping
/// what was typed (and version suggestions narrowed to the family and name typed), and "Launch
/// update" disabled with "n of m" while a run goes. DOM assertions, screenshots kept in
/// `.build/test-artifacts/`, and what the node did read back through its API.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct FormsAndAdditionsPageTests {
    /// The first steps of a run: the page, signed in with the admin token.
    static func signIn(_ node: LiveNode) throws -> [PageDriver.Step] {
        [
            .open(node.url + "/"), .fill("#login-form input[name=token]", try node.adminToken()),
            // An element of the next page first: text read while the page navigates goes stale.
            .click("#login-form button"), .waitFor("#logout-form"), .waitForText("Signed in."),
        ]
    }

    @Test func cancellingAnAdditionOnThePage() async throws {
        let node = try LiveNode()
        try await node.start()
        defer { node.process?.signal(SIGTERM) }
        let body = #"{"source": "\#(AdditionCancelAPITests.unseededMagnet())"}"#
        let started = try #require(
            try node.curlAsAdmin("/api/v1/add", "-X", "POST", "-H", "Content-Type: application/json", "-d", body))
        let id = try #require(started.firstMatch(of: /"id" : (\d+)/).map { String($0.1) })

        let run = try await PageDriver.run(
            try Self.signIn(node) + [
                // The magnet box's section in view for the screenshots.
                .open(node.url + "/#magnet"), .waitFor("tr.addition[data-state=starting] #cancel-addition-\(id)"),
                .waitForText("waiting for metadata"), .screenshot("addition-running"),
                .click("#cancel-addition-\(id)"), .waitFor("#notice"),
                .waitForText("Addition cancelled; its partial files are removed."),
                .waitFor("tr.addition[data-state=cancelled]"), .open(node.url + "/#magnet"),
                .waitFor("tr.addition[data-state=cancelled]"), .screenshot("addition-cancelled"),
            ], artifacts: "addition-cancel")
        #expect(run.dom.contains("data-state=\"cancelled\""))
        #expect(!run.dom.contains("id=\"cancel-addition-\(id)\""), "no cancel button once cancelled")
        #expect(try node.curl("/api/v1/additions/\(id)").contains("\"state\" : \"cancelled\""))
    }

    @Test func aRefusedCatalogFormKeepsItsInput() async throws {
        let node = try LiveNode()
        let incoming = node.directory.appending("incoming")
        node.settings = ["ISOFLEET_IMPORT_ROOTS": incoming]
        let file = try ImageGenerator.write(to: incoming + "/rocky-9.4-x86_64-minimal.iso", seed: 51, size: 8192)
        // A Windows image, whose 22H2 the Ubuntu form must not be offered.
        _ = try ImageGenerator.write(to: incoming + "/win.iso", seed: 52, size: 4096)
        try await node.start()
        defer { node.process?.signal(SIGTERM) }
        let windows =
            #"{"family": "Windows", "name": "11", "flavor": "Pro", "version": "22H2", "path": "\#(incoming)/win.iso"}"#
        #expect(
            try node.curlAsAdmin("/api/v1/catalog", "-X", "POST", "-H", "Content-Type: application/json", "-d", windows)
                != nil)
        let wrong = String(repeating: "ab", count: 32)

        let run = try await PageDriver.run(
            try Self.signIn(node) + [
                .fill("#catalog-form input[name=path]", file), .fill("#catalog-form input[name=family]", "Linux"),
                .fill("#catalog-form input[name=name]", "Rocky"), .fill("#catalog-form input[name=flavor]", "Minimal"),
                .fill("#catalog-form input[name=version]", "9.4"), .fill("#catalog-form input[name=sha256]", wrong),
                .click("#catalog-form button[type=submit]"), .waitFor("#error"),
                .fill("#selection-form input[name=family]", "Linux"),
                .fill("#selection-form input[name=name]", "Ubuntu"),
                .screenshot("catalog-refused"),
            ], artifacts: "catalog-refused")
        let dom = run.dom
        #expect(dom.contains("has sha256 "), "the error names the mismatch")
        #expect(dom.contains("expected \(wrong); nothing placed"))
        #expect(dom.contains(file), "and the file the node read")
        let catalog = try #require(Self.element("catalog-form", in: dom))
        #expect(catalog.contains("value=\"\(file)\""))
        #expect(catalog.contains("value=\"Rocky\""))
        #expect(catalog.contains("value=\"Minimal\""))
        #expect(catalog.contains("value=\"9.4\""))
        #expect(catalog.contains("value=\"\(wrong)\""))
        let selection = try #require(Self.element("selection-form", in: dom))
        #expect(!selection.contains("Rocky"), "the selection form does not take the catalog form's fields")
        // Version suggestions for Linux/Ubuntu (the script rebuilt the datalist as it was typed).
        let majors = try #require(Self.element("majors", in: dom, tag: "datalist"))
        #expect(majors.contains("<option value=\"22\">"), "\(majors)")
        #expect(!majors.contains("22H2"), "\(majors)")
        #expect(!(try node.curl("/api/v1/images")).contains("Rocky"))
    }

    @Test func launchUpdateIsDisabledWithProgressWhileARunGoes() async throws {
        let node = try LiveNode()
        let origin = try OriginFixture()
        let images = [
            try origin.image("Linux/Fedora/Server@40.1", seed: 61, size: 1 << 20),
            try origin.image("Linux/Rocky/Minimal@9.4", seed: 62, size: 1 << 20),
        ]
        // 128 KiB/s per connection: each image takes about 8 s.
        let nginx = try await origin.nginx(limitRate: 128 * 1024, root: origin.directory.path)
        defer { withExtendedLifetime((origin, nginx)) {} }
        try origin.writeManifest(images) { [nginx.url("origin/" + $0.fileName)] }
        node.settings = [
            "ISOFLEET_MANIFEST_URL": nginx.url("upstream/manifest.json").absoluteString,
            "ISOFLEET_MANIFEST_INTERVAL": "6h",
        ]
        try await node.start()
        defer { node.process?.signal(SIGTERM) }
        for spec in ["Linux/Fedora/Server", "Linux/Rocky/Minimal"] {
            let added = try node.cli("select", "add", spec)
            #expect(added.status == 0, "\(added.stderr)")
        }

        let run = try await PageDriver.run(
            try Self.signIn(node) + [
                .open(node.url + "/"), .click("#launch-update"), .waitFor("#notice"),
                .waitForText("Update started."), .waitFor("#launch-update:disabled"),
                .waitForText("of 2 transfers done"), .screenshot("update-running"),
                // The update section in view: the button still disabled after a reload, with "n of m".
                .open(node.url + "/#update"), .waitFor("#launch-update:disabled"),
                .waitForText("of 2 transfers done"), .screenshot("update-running-section"),
            ], artifacts: "update-running")
        let form = try #require(Self.element("update-form", in: run.dom))
        #expect(form.contains("id=\"launch-update\" disabled"), "\(form)")
        #expect(run.dom.firstMatch(of: /<span id="update-progress"[^>]*>[01] of 2 transfers done<\/span>/) != nil)
        let card = try #require(run.dom.firstMatch(of: /id="transfers-summary">(\d+) \/ (\d+)</))
        #expect((Int(card.1) ?? 0) + (Int(card.2) ?? 0) >= 1, "the card counts the planned transfers")

        // Once the run ends the button is back.
        let after = try await PageDriver.run(
            try Self.signIn(node) + [
                .waitForText("Last run:", timeout: 60), .waitFor("#launch-update:enabled"),
                .screenshot("update-finished"),
            ], artifacts: "update-finished")
        #expect(after.dom.contains("2 fetched"))
    }

    /// The element `<tag … id="id" …>…</tag>` of `html`.
    static func element(_ id: String, in html: String, tag: String = "form") -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</\(tag)>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
