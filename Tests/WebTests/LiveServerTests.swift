import Foundation
import TestSupport
import Testing

/// The real binary: signals, the CLI against a running node, a second daemon, and the page in a
/// real browser. Serialized: each starts a node, and chromium is heavy on a small machine.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LiveServerTests {
    @Test func sigtermStopsTheNodeWithExitZero() async throws {
        let node = try LiveNode()
        try await node.start(arguments: ["--shutdown-deadline", "5"])
        let process = try #require(node.process)
        #expect(try node.curl("/healthz") == "ok\n")
        let signalled = ContinuousClock.now
        process.signal(SIGTERM)
        let status = try await process.waitForExit(timeout: .seconds(8))
        #expect(status == 0, "stderr: \(process.standardError())")
        #expect(ContinuousClock.now - signalled < .seconds(5))
        #expect(!FileManager.default.fileExists(atPath: node.dataDirectory + "/serve.json"))
        #expect(process.standardError().contains("isofleet node stopped"))
    }

    @Test func statusIsTheSameWithAndWithoutTheDaemon() async throws {
        let node = try LiveNode()
        try await node.start(arguments: ["--log-level", "debug"])
        let process = try #require(node.process)
        let select = try node.cli("select", "add", "Linux/Ubuntu/Server@22")
        #expect(select.status == 0, "\(select.stderr)")

        let fromDaemon = try node.cli("status", "--json")
        let textFromDaemon = try node.cli("status")
        #expect(fromDaemon.status == 0, "\(fromDaemon.stderr)")
        // The daemon answered (its request log shows the call).
        #expect(process.standardError().contains("GET /api/v1/status 200"))

        process.signal(SIGTERM)
        #expect(try await process.waitForExit(timeout: .seconds(10)) == 0)
        let direct = try node.cli("status", "--json")
        let textDirect = try node.cli("status")
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(fromDaemon.stdout == direct.stdout)
        #expect(textFromDaemon.stdout == textDirect.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(direct.stdout.utf8)) as? [String: Any])
        #expect((object["images"] as? [String: Any])?["held"] as? Int == 2)
        #expect((object["selections"] as? [String: Any])?["total"] as? Int == 1)
    }

    @Test func aSecondDaemonOnTheSameDataDirectoryIsRefused() async throws {
        let node = try LiveNode()
        try await node.start()
        let second = try node.cli("serve")
        #expect(second.status == 1)
        #expect(second.stderr.contains("another isofleet serve runs on"))
        #expect(second.stderr.contains(node.url))
        node.process?.signal(SIGTERM)
        _ = try await node.process?.waitForExit(timeout: .seconds(10))
    }

    @Test func aRealBrowserRendersThePage() async throws {
        let node = try LiveNode()
        // The fleet: this node itself (its web server answers on fleet.web_port) and a peer
        // nothing answers for.
        node.settings = [
            "ISOFLEET_FLEET_PEERS": "127.0.0.1:6881,127.0.0.2:6881", "ISOFLEET_FLEET_WEB_PORT": "\(node.port)",
        ]
        try await node.start()
        // An ISO added through the API from an nginx origin: the page lists it with its path.
        let origin = node.directory.appending("origin")
        _ = try ImageGenerator.write(to: origin + "/fedora-40.1.0-x86_64-server.iso", seed: 13, size: 100_000)
        let nginx = try await NginxOrigin.start(root: origin, directory: node.directory.appending("nginx"))
        let body = #"{"source": "\#(nginx.url("fedora-40.1.0-x86_64-server.iso").absoluteString)"}"#
        #expect(
            try node.curlAsAdmin("/api/v1/add", "-X", "POST", "-H", "Content-Type: application/json", "-d", body) != nil
        )
        _ = try await Poll.until(timeout: .seconds(30), "the addition done") { () -> Bool? in
            (try? node.curl("/api/v1/additions"))?.contains("\"done\"") == true ? true : nil
        }
        let profile = node.directory.appending("chromium-profile")
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile)", "--window-size=1280,900",
        ]
        let dump = try ChildProcess(
            "chromium", common + ["--dump-dom", node.url + "/"], logDirectory: node.directory.path)
        #expect(try await dump.waitForExit(timeout: .seconds(60)) == 0, "\(dump.standardError().suffix(500))")
        let dom = dump.standardOutput()
        // Images listed, grouped by family and name/flavor.
        #expect(dom.contains("<h3>Linux</h3>"))
        #expect(dom.contains("Ubuntu · Server"))
        #expect(dom.contains("data-path=\"Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso\""))
        #expect(dom.contains("data-path=\"Linux/Debian - Netinst/debian.netinst-12.5.0.iso\""))
        #expect(dom.contains("id=\"images-held\">2<"))
        // The selection form, with its latest-rule guard applied by the page's script: with MAJOR
        // left at latest, MINOR and PATCH are locked to latest.
        #expect(dom.contains("id=\"selection-form\""))
        #expect(dom.contains("placeholder=\"latest, as major\""))
        #expect(dom.contains("placeholder=\"latest, as minor\""))
        #expect(dom.contains("id=\"selection-preview\">FAMILY/*/*@latest<"))
        // The update runner is wired: no "not available" note, the live view of the runs instead.
        #expect(!dom.contains("id=\"update-unavailable\""))
        #expect(dom.contains("id=\"update-status\""))
        // The magnet box is enabled in this build and the addition is listed, done, by the script.
        #expect(dom.contains("id=\"magnet-form\""))
        #expect(!dom.contains("id=\"magnet-unavailable\""))
        #expect(dom.contains("<tr class=\"addition\" data-state=\"done\">"))
        #expect(dom.contains("fedora-40.1.0-x86_64-server.iso"))
        // The fleet: the peer that answers, with what it holds; the one that does not.
        #expect(dom.contains("<tr class=\"fleet-peer\" data-reachable=\"true\"><td>127.0.0.1:6881</td>"))
        #expect(dom.contains("<tr class=\"fleet-peer\" data-reachable=\"false\"><td>127.0.0.2:6881</td>"))
        #expect(dom.contains("debian.netinst-12.5.0.iso"))

        let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("artifacts").path
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts + "/status-page.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let shot = try ChildProcess(
            "chromium", common + ["--screenshot=\(screenshot)", node.url + "/"], logDirectory: node.directory.path)
        #expect(try await shot.waitForExit(timeout: .seconds(60)) == 0, "\(shot.standardError().suffix(500))")
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000)
        node.process?.signal(SIGTERM)
        _ = try await node.process?.waitForExit(timeout: .seconds(10))
    }
}
