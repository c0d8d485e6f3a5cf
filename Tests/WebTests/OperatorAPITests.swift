import Foundation
import TestSupport
import Testing

/// The operator's actions through the API of a real node: scan, import (inside `import.roots`
/// only), the plan, a run limited to one selection, the layout preview and change.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OperatorAPITests {
    @Test func scanAndImportRunInTheBackgroundAndReport() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        // Writing needs the token.
        #expect(try fixture.node.curl("/api/v1/jobs").contains("{"))
        let anonymous = try CommandResult.run(
            "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", fixture.node.url + "/api/v1/scan"])
        #expect(anonymous.stdout == "401")

        _ = try ImageGenerator.write(
            to: fixture.node.dataDirectory + "/repo/Linux/Fedora - Server/fedora.server-40.1.iso", seed: 31, size: 4096)
        let started = try fixture.request("POST", "/api/v1/scan")
        #expect(started.status == 202, "\(started.body)")
        #expect(started.body.contains("\"kind\" : \"scan\""))
        let scan = try await fixture.lastJob()
        #expect((scan["summary"] as? String)?.hasPrefix("1 added") == true, "\(scan)")
        #expect(try fixture.heldPaths().contains("Linux/Fedora - Server/fedora.server-40.1.iso"))

        // Outside import.roots: refused before anything starts, naming the rule.
        let outside = try fixture.request("POST", "/api/v1/import", json: #"{"folder": "/tmp"}"#)
        #expect(outside.status == 400)
        #expect(outside.body.contains("is not inside import.roots"), "\(outside.body)")
        let relative = try fixture.request("POST", "/api/v1/import", json: #"{"folder": "incoming"}"#)
        #expect(relative.status == 400)
        #expect(relative.body.contains("absolute path"), "\(relative.body)")
        // A remote folder is the command line's: the daemon's credentials are not an API caller's to aim.
        let remote = try fixture.request("POST", "/api/v1/import", json: #"{"folder": "s3://bucket/isos/"}"#)
        #expect(remote.status == 400)
        #expect(remote.body.contains("isofleet import URL"), "\(remote.body)")

        _ = try ImageGenerator.write(
            to: fixture.incoming + "/ubuntu-24.04.1-live-server-amd64.iso", seed: 32, size: 4096)
        let imported = try fixture.request(
            "POST", "/api/v1/import", json: #"{"folder": "\#(fixture.incoming)", "mode": "copy"}"#)
        #expect(imported.status == 202, "\(imported.body)")
        let job = try await fixture.lastJob()
        #expect(job["kind"] as? String == "import")
        #expect(job["summary"] as? String == "1 imported, 0 skipped, 0 failed", "\(job)")
        #expect(try fixture.heldPaths().contains { $0.hasPrefix("Linux/Ubuntu - Server/ubuntu.server-24.04.1") })
        // A hard link inside the roots to a file outside them: skipped, with why; the file stays out.
        let secret = fixture.node.directory.appending("private/debian-12.6.0-amd64-netinst.iso")
        _ = try ImageGenerator.write(to: secret, seed: 33, size: 4096)
        try FileManager.default.createDirectory(
            atPath: fixture.incoming + "/linked", withIntermediateDirectories: true)
        try FileManager.default.linkItem(
            atPath: secret, toPath: fixture.incoming + "/linked/debian-12.6.0-amd64-netinst.iso")
        let linked = try fixture.request(
            "POST", "/api/v1/import", json: #"{"folder": "\#(fixture.incoming)/linked", "mode": "copy"}"#)
        #expect(linked.status == 202, "\(linked.body)")
        let refused = try await fixture.lastJob()
        #expect(refused["summary"] as? String == "0 imported, 1 skipped, 0 failed", "\(refused)")
        let skipped = try #require((refused["import"] as? [String: Any])?["skipped"] as? [[String: Any]])
        #expect((skipped.first?["reason"] as? String)?.contains("has 2 hard links") == true, "\(skipped)")
        let layoutPath = "Linux/Debian - Netinst/debian.netinst-12.6.0.iso"
        #expect(!(try fixture.heldPaths().contains(layoutPath)))
        #expect(!FileManager.default.fileExists(atPath: fixture.node.dataDirectory + "/repo/" + layoutPath))
        let badMode = try fixture.request(
            "POST", "/api/v1/import", json: #"{"folder": "\#(fixture.incoming)", "mode": "steal"}"#)
        #expect(badMode.status == 400)
        try await fixture.stop()
    }

    @Test func thePlanAndARunLimitedToOneSelection() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        #expect(try fixture.addUbuntuAndDebianSelections())

        let plan = try fixture.object("/api/v1/plan")
        let fetch = try #require(plan["fetch"] as? [[String: Any]])
        #expect(
            fetch.compactMap { $0["path"] as? String }.sorted() == [
                "Linux/Debian - Netinst/debian.netinst-12.6.0.iso", "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso",
            ])
        // No fleet peers: the run fetches from the origin, and the plan says so.
        #expect(fetch.allSatisfy { $0["source"] as? String == "http" })
        let offered = try #require(plan["offered"] as? [[String: Any]])
        #expect(offered.map { "\($0["name"] ?? "")/\($0["flavor"] ?? "")" } == ["Debian/Netinst", "Ubuntu/Server"])
        #expect((offered.first?["versions"] as? [String]) == ["12.6.0", "12.5.0"])
        let selections = try #require(plan["selections"] as? [[String: Any]])
        #expect(selections.first?["images"] as? [String] == ["Linux/Ubuntu/Server@24.04.1"])
        #expect((selections.first?["why"] as? String)?.contains("the highest version wins") == true)
        #expect((plan["text"] as? String)?.contains("from http for Linux/Ubuntu/Server@24") == true)

        // Only the first selection: Ubuntu 24.04.1 comes, Debian 12.6.0 does not.
        let limited = try fixture.object("/api/v1/plan?selection=1")
        #expect((limited["fetch"] as? [[String: Any]])?.count == 1)
        let unknown = try fixture.request("POST", "/api/v1/update", json: #"{"selections": ["Linux/Nope/X@1"]}"#)
        #expect(unknown.status == 400)
        #expect(unknown.body.contains("no selection Linux/Nope/X@1"), "\(unknown.body)")
        let started = try fixture.request(
            "POST", "/api/v1/update", json: #"{"selections": ["Linux/Ubuntu/Server@24"]}"#)
        #expect(started.status == 202, "\(started.body)")
        #expect(started.body.contains("for selection(s) 1"))
        let outcome = try await fixture.lastRun()
        #expect(outcome.contains("succeeded") || outcome.contains("fetched 1"), "\(outcome)")
        let held = try fixture.heldPaths()
        #expect(held.contains("Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        #expect(!held.contains("Linux/Debian - Netinst/debian.netinst-12.6.0.iso"))
        // Scanned images are never deleted by a run: 22.04.3 and 12.5.0 stay.
        #expect(held.contains("Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"))
        #expect(held.contains("Linux/Debian - Netinst/debian.netinst-12.5.0.iso"))
        try await fixture.stop()
    }

    @Test func theLayoutIsPreviewedThenChangedAndACollisionMovesNothing() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let before = try fixture.heldPaths()
        let current = try fixture.object("/api/v1/layout")
        #expect(current["current"] as? String == "{family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso")
        #expect(current["source"] as? String == "default")
        #expect(current["unchanged"] as? Int == 2)

        // A preview changes nothing; a template giving both images one path is refused, nothing moved.
        let preview = try fixture.request(
            "POST", "/api/v1/layout", json: #"{"template": "{family}/{version}.iso", "dry_run": true}"#)
        #expect(preview.status == 200)
        let refused = try fixture.request("POST", "/api/v1/layout", json: #"{"template": "{family}.iso"}"#)
        #expect(refused.status == 409, "\(refused.body)")
        #expect(refused.body.contains("would both be at Linux.iso"), "\(refused.body)")
        #expect(try fixture.heldPaths() == before)
        for path in before {
            #expect(FileManager.default.fileExists(atPath: fixture.node.dataDirectory + "/repo/" + path))
        }

        let template = "{family}/{name}/{name_lower}-{version}.iso"
        let dry = try fixture.object(
            "/api/v1/layout?template=" + template.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(
            (dry["moves"] as? [[String: Any]])?.compactMap { $0["to"] as? String }.sorted() == [
                "Linux/Debian/debian-12.5.0.iso", "Linux/Ubuntu/ubuntu-22.04.3.iso",
            ])
        #expect(try fixture.heldPaths() == before)
        let changed = try fixture.request("POST", "/api/v1/layout", json: #"{"template": "\#(template)"}"#)
        #expect(changed.status == 200, "\(changed.body)")
        #expect(changed.body.contains("\"applied\" : true"))
        #expect(try fixture.heldPaths() == ["Linux/Debian/debian-12.5.0.iso", "Linux/Ubuntu/ubuntu-22.04.3.iso"])
        #expect(
            FileManager.default.fileExists(atPath: fixture.node.dataDirectory + "/repo/Linux/Ubuntu/ubuntu-22.04.3.iso")
        )
        #expect(!FileManager.default.fileExists(atPath: fixture.node.dataDirectory + "/repo/Linux/Ubuntu - Server"))
        let after = try fixture.object("/api/v1/layout")
        #expect(after["current"] as? String == template)
        #expect(after["source"] as? String == "store")
        // New images are placed by it: the plan's fetch paths follow the new template.
        #expect(try fixture.post("/api/v1/selections", json: #"{"selection": "Linux/Ubuntu/Server@24"}"#) != nil)
        let plan = try fixture.object("/api/v1/plan")
        #expect((plan["fetch"] as? [[String: Any]])?.first?["path"] as? String == "Linux/Ubuntu/ubuntu-24.04.1.iso")
        try await fixture.stop()
    }
}
