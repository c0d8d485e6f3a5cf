import Common
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Node
import TestSupport
import Testing

@testable import Web

/// `GET /api/v1/fleet` and the page's fleet section: a peer whose web server (nginx serving a real
/// node's `/api/v1/images` answer) answers, one that does not, and the short cache.
@Suite(.timeLimit(.minutes(1)))
struct FleetAPITests {
    /// A fleet membership whose peers the test changes.
    actor ChangingFleet: FleetMembership {
        var peers: [String]
        init(_ peers: [String]) { self.peers = peers }
        func set(_ peers: [String]) { self.peers = peers }
        func snapshot() async -> FleetSnapshot { FleetSnapshot(peers: peers, selfAddress: "127.0.0.1:1") }
    }

    /// nginx on loopback serving `/api/v1/images` as the fixture's own node answers it.
    static func peerWebServer(_ fixture: WebFixture) async throws -> NginxOrigin {
        let images = try await fixture.test { client in
            try await client.execute(uri: "/api/v1/images", method: .get).text
        }
        let root = fixture.directory.appending("peer-web")
        try FileManager.default.createDirectory(atPath: root + "/api/v1", withIntermediateDirectories: true)
        try Data(images.utf8).write(to: URL(fileURLWithPath: root + "/api/v1/images"))
        return try await NginxOrigin.start(root: root, directory: fixture.directory.appending("peer-nginx"))
    }

    @Test func peersAreListedWithWhatTheyHoldOrWhyTheyDidNotAnswer() async throws {
        let base = try WebFixture()
        let nginx = try await Self.peerWebServer(base)
        // Both peers' web servers are on fleet.web_port; only 127.0.0.1 has one.
        let fixture = try WebFixture(
            configuration: [.fleetPeers: "127.0.0.1:6881,127.0.0.2:6881", .fleetWebPort: "\(nginx.port)"])
        try await fixture.test { client in
            let response = try await client.execute(uri: "/api/v1/fleet", method: .get)
            #expect(response.status == .ok)
            let fleet = try #require(try response.json() as? [String: Any])
            let peers = try #require(fleet["peers"] as? [[String: Any]])
            #expect(peers.map { $0["peer"] as? String } == ["127.0.0.1:6881", "127.0.0.2:6881"])
            #expect(peers[0]["reachable"] as? Bool == true)
            #expect(peers[0]["web_url"] as? String == "http://127.0.0.1:\(nginx.port)")
            let held = try #require(peers[0]["images"] as? [[String: Any]])
            #expect(Set(held.compactMap { $0["path"] as? String }) == [WebFixture.ubuntuPath, WebFixture.debianPath])
            #expect(peers[1]["reachable"] as? Bool == false)
            #expect((peers[1]["error"] as? String)?.isEmpty == false)
            #expect(peers[1]["images"] == nil)

            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.text.contains("<section id=\"fleet\">"))
            #expect(page.text.contains("<tr class=\"fleet-peer\" data-reachable=\"true\"><td>127.0.0.1:6881</td>"))
            #expect(page.text.contains("<tr class=\"fleet-peer\" data-reachable=\"false\"><td>127.0.0.2:6881</td>"))
            #expect(page.text.contains(HTML.escape(WebFixture.debianPath)))
        }
    }

    @Test func withoutPeersThePageSaysSoAndTheAnswerIsCachedBriefly() async throws {
        let fixture = try WebFixture()
        let nginx = try await Self.peerWebServer(fixture)
        let membership = ChangingFleet([])
        var environment = fixture.environment
        environment.engines = NodeEngines(fleet: membership)
        var settings = fixture.server.settings
        settings.fleetWebPort = Int(nginx.port)
        let server = WebServer(
            environment: environment, settings: settings, adminToken: WebFixture.token, logger: fixture.server.logger)
        try await server.application().test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.text.contains("id=\"no-fleet\""))
            let empty = try #require(
                try await client.execute(uri: "/api/v1/fleet", method: .get).json() as? [String: Any])
            #expect((empty["peers"] as? [Any])?.isEmpty == true)
            #expect(empty["self"] as? String == "127.0.0.1:1")
            // A new peer shows once the cached answer (5 s) expires, not before.
            await membership.set(["127.0.0.1:7000"])
            let cached = try #require(
                try await client.execute(uri: "/api/v1/fleet", method: .get).json() as? [String: Any])
            #expect((cached["peers"] as? [Any])?.isEmpty == true)
            let deadline = ContinuousClock.now + .seconds(20)
            var peers: [[String: Any]] = []
            while peers.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                let fleet = try #require(
                    try await client.execute(uri: "/api/v1/fleet", method: .get).json() as? [String: Any])
                peers = fleet["peers"] as? [[String: Any]] ?? []
            }
            #expect(peers.first?["reachable"] as? Bool == true)
        }
    }

    @Test func invalidWebPortIsRefused() throws {
        let configuration = try Configuration(file: nil, environment: [:], overrides: [.fleetWebPort: "http"])
        #expect(throws: DaemonError.self) { try WebSettings(configuration: configuration) }
    }
}
