import Foundation
import TestSupport
import Testing

/// Files scan could not classify: listed with their reason by `GET /api/v1/unclassified`, by
/// `isofleet scan` and on the page, gone once removed or classified.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct UnclassifiedFileTests {
    static let rocky = "incoming/Rocky-9-latest-x86_64-dvd.iso"

    /// The list as the API gives it, by path.
    static func listed(_ node: LiveNode) throws -> [String: [String: Any]] {
        let list = try #require(
            try JSONSerialization.jsonObject(with: Data(node.curl("/api/v1/unclassified").utf8)) as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: list.compactMap { item in (item["path"] as? String).map { ($0, item) } })
    }

    static func heldPaths(_ node: LiveNode) throws -> [String] {
        let list = try #require(
            try JSONSerialization.jsonObject(with: Data(node.curl("/api/v1/images").utf8)) as? [[String: Any]])
        return list.compactMap { $0["path"] as? String }
    }

    @Test func aScanListsWhatItCannotClassifyUntilRemovedOrClassified() async throws {
        let node = try LiveNode()
        defer { withExtendedLifetime(node) {} }
        try await node.start()
        let repo = node.dataDirectory + "/repo/"
        _ = try ImageGenerator.write(to: repo + Self.rocky, seed: 21, size: 4096)
        _ = try ImageGenerator.write(to: repo + "mystery.iso", seed: 22, size: 2048)

        let scan = try node.cli("scan")
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("2 file(s) not classified"), "\(scan.stdout)")
        #expect(scan.stdout.contains("unclassified  \(Self.rocky) (4.0 KiB): not a name of a known distribution"))

        var listed = try Self.listed(node)
        #expect(listed.keys.sorted() == [Self.rocky, "mystery.iso"])
        let rocky = try #require(listed[Self.rocky])
        #expect(rocky["size"] as? Int == 4096)
        #expect(rocky["origin"] as? String == "scan")
        #expect(rocky["file"] as? String == node.dataDirectory + "/repo/" + Self.rocky)
        #expect(
            (rocky["reason"] as? String)?.hasSuffix(
                "recognised name Rocky Linux (Linux), flavor DVD, arch x86_64; missing version") == true)
        let guess = try #require(rocky["guess"] as? [String: Any])
        #expect(guess["name"] as? String == "Rocky Linux" && guess["flavor"] as? String == "DVD")
        #expect(guess["version"] is NSNull)
        #expect(
            (listed["mystery.iso"]?["reason"] as? String)?.contains(
                "no known distribution name, flavour, version or architecture") == true)

        // Removed: the next scan drops it.
        try FileManager.default.removeItem(atPath: repo + "mystery.iso")
        #expect(try node.cli("scan").status == 0)
        listed = try Self.listed(node)
        #expect(listed.keys.sorted() == [Self.rocky])

        // Classified by hand: gone at once, and held where it is.
        let add = try node.cli(
            "catalog", "add", repo + Self.rocky, "--family", "Linux", "--name", "Rocky Linux", "--flavor", "DVD",
            "--version", "9.4", "--arch", "x86_64")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try Self.listed(node).isEmpty)
        #expect(try Self.heldPaths(node).contains(Self.rocky))
        #expect(!(try node.cli("scan").stdout.contains("not classified")))
    }

    @Test func thePageListsThemAndItsFormClassifies() async throws {
        let node = try LiveNode()
        defer { withExtendedLifetime(node) {} }
        // Found by the daemon's startup scan.
        _ = try ImageGenerator.write(to: node.dataDirectory + "/repo/" + Self.rocky, seed: 23, size: 4096)
        try await node.start()
        _ = try await Poll.until(timeout: .seconds(20), "the startup scan lists the file") { () -> Bool? in
            (try? Self.listed(node))?[Self.rocky] != nil ? true : nil
        }
        let signIn: [PageDriver.Step] = [
            .open(node.url + "/"), .fill("#login-form input[name=token]", try node.adminToken()),
            .click("#login-form button"), .waitForText("Signed in."),
        ]
        let run = try await PageDriver.run(
            signIn + [
                // Filling the version scrolls the section into view for the screenshot.
                .waitFor("#unclassified-0"), .waitForText("missing version"),
                .fill("#classify-0 input[name=version]", "9.4"), .screenshot("unclassified-listed"),
                .click("#classify-0 button[type=submit]"), .waitForText("Added to the catalog."),
                .waitFor("#no-unclassified"), .screenshot("unclassified-classified-top"),
                // Clicking the empty section's note scrolls to it.
                .click("#no-unclassified"), .screenshot("unclassified-classified"),
            ], artifacts: "unclassified")
        #expect(run.dom.contains("id=\"no-unclassified\""))
        #expect(!run.dom.contains("id=\"classify-0\""))
        #expect(try Self.listed(node).isEmpty)
        #expect(try Self.heldPaths(node).contains(Self.rocky))
        let held = try #require(
            try JSONSerialization.jsonObject(with: Data(node.curl("/api/v1/images").utf8)) as? [[String: Any]])
        let image = try #require(held.first { $0["path"] as? String == Self.rocky })
        #expect(image["name"] as? String == "Rocky Linux" && image["flavor"] as? String == "DVD")
        #expect(image["arch"] as? String == "x86_64")
    }
}
