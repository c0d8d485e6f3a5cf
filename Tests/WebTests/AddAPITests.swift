import Acquisition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Logging
import Node
import Repository
import Swarm
import TestSupport
import Testing

@testable import Web

/// `POST /api/v1/add` and `GET /api/v1/additions[/{id}]` with the real ingest engine: an ISO from
/// an nginx origin, a magnet link from a libtorrent seeder (`isofleet seed`), and every refusal.
@Suite(.timeLimit(.minutes(2)))
struct AddAPITests {
    /// A fixture whose node has an ``ImageIngest`` over `session` (nil: no swarm).
    static func server(_ fixture: WebFixture, session: SwarmSession? = nil) -> (WebServer, ImageIngest) {
        let ingest = ImageIngest(
            session: session, repository: fixture.repository, store: fixture.store,
            dataDirectory: fixture.dataDirectory,
            pollInterval: .milliseconds(100), logger: Logger(label: "ingest-test"))
        var environment = fixture.environment
        environment.engines = NodeEngines(magnets: ingest)
        let server = WebServer(
            environment: environment, settings: fixture.server.settings, adminToken: WebFixture.token,
            logger: fixture.server.logger)
        return (server, ingest)
    }

    /// Polls `GET /api/v1/additions/{id}` until the addition is done or failed.
    static func finished(_ client: any TestClientProtocol, id: Int) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let response = try await client.execute(uri: "/api/v1/additions/\(id)", method: .get)
            let object = try #require(try response.json() as? [String: Any])
            if ["done", "failed"].contains(object["state"] as? String) { return object }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("addition \(id) did not finish")
        return [:]
    }

    static func add(
        _ client: any TestClientProtocol, _ json: String, headers: HTTPFields = WebFixture.bearer
    ) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/add", method: .post, headers: headers, body: ByteBuffer(json: json))
    }

    @Test func anImageURLIsFetchedVerifiedPlacedAndRegistered() async throws {
        let fixture = try WebFixture()
        let origin = fixture.directory.appending("origin")
        let file = try ImageGenerator.write(
            to: origin + "/ubuntu-24.04.1-live-server-amd64.iso", seed: 21, size: 300_000)
        let sha256 = try FileHashingProbe.sha256(of: file)
        _ = try ImageGenerator.write(to: origin + "/debian-11.9.0-amd64-netinst.iso", seed: 22, size: 10_000)
        let nginx = try await NginxOrigin.start(root: origin, directory: fixture.directory.appending("nginx"))
        let (server, _) = Self.server(fixture)
        try await server.application().test(.router) { client in
            let url = nginx.url("ubuntu-24.04.1-live-server-amd64.iso").absoluteString
            let started = try await Self.add(client, #"{"source": "\#(url)", "sha256": "\#(sha256)"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let addition = try #require(try started.json() as? [String: Any])
            #expect(addition["via"] as? String == "origin")
            #expect(addition["name"] as? String == "ubuntu-24.04.1-live-server-amd64.iso")
            let id = try #require(addition["id"] as? Int)

            let done = try await Self.finished(client, id: id)
            #expect(done["state"] as? String == "done", "\(done)")
            #expect(done["bytes_done"] as? Int == 300_000)
            #expect(done["registered"] as? Bool == true)
            let path = fixture.repository.absolutePath(of: "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso")
            #expect(done["path"] as? String == path)
            #expect(try FileHashingProbe.sha256(of: path) == sha256)

            // The same again: its path is taken (409); the list shows it; a wrong checksum fails
            // with its reason, nothing placed.
            let again = try await Self.add(client, #"{"source": "\#(url)"}"#)
            #expect(again.status == .conflict)
            #expect(again.errorMessage?.contains("already exists") == true)
            let wrong = try await Self.add(
                client,
                #"{"source": "\#(nginx.url("debian-11.9.0-amd64-netinst.iso").absoluteString)", "sha256": "\#(String(repeating: "0", count: 64))"}"#
            )
            #expect(wrong.status == .accepted)
            let failed = try await Self.finished(
                client, id: try #require((try wrong.json() as? [String: Any])?["id"] as? Int))
            #expect(failed["state"] as? String == "failed")
            #expect((failed["error"] as? String)?.contains("SHA-256") == true, "\(failed)")
            let list = try #require(
                try await client.execute(uri: "/api/v1/additions", method: .get).json() as? [[String: Any]])
            #expect(list.map { $0["state"] as? String } == ["failed", "done"])
        }
        let stored = try #require(try fixture.store.image(path: "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        #expect(stored.sha256 == sha256)
        #expect(stored.identity.version.description == "24.04.1")
        #expect(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixture.dataDirectory.inventory)), as: UTF8.self)
                .contains("ubuntu.server-24.04.1.iso"))
        #expect(
            !FileManager.default.fileExists(
                atPath: fixture.repository.absolutePath(of: "Linux/Debian - Netinst/debian.netinst-11.9.0.iso")))
    }

    @Test func aMagnetLinkIsFetchedFromTheSwarmAndRegistered() async throws {
        let fixture = try WebFixture()
        let file = try ImageGenerator.write(
            to: fixture.directory.appending("seeder/ubuntu-24.04.1-live-server-amd64.iso"), seed: 23, size: 2 << 20)
        let seeder = try ChildProcess(
            BuiltProducts.isofleet,
            ["seed", file, "--listen", "127.0.0.1:0", "--data-dir", fixture.directory.appending("seeder-data")],
            logDirectory: fixture.directory.path, workingDirectory: fixture.directory.path)
        defer { seeder.signal(SIGTERM) }
        let line = try await Poll.until(timeout: .seconds(30), "the seeder's magnet") { () -> String? in
            seeder.standardOutput().split(separator: "\n").first.map(String.init)
        }
        let magnet = try #require(line.split(separator: "\t").map(String.init).last)
        let session = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await session.start()
        let (server, _) = Self.server(fixture, session: session)
        try await server.application().test(.router) { client in
            let started = try await Self.add(client, #"{"source": "\#(magnet)"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let addition = try #require(try started.json() as? [String: Any])
            #expect(addition["via"] as? String == "swarm")
            let done = try await Self.finished(client, id: try #require(addition["id"] as? Int))
            #expect(done["state"] as? String == "done", "\(done)")
            #expect(done["total_bytes"] as? Int == 2 << 20)
            #expect(done["registered"] as? Bool == true)
        }
        await session.shutdown()
        let stored = try #require(try fixture.store.image(path: "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"))
        #expect(stored.sha256 == (try FileHashingProbe.sha256(of: file)))
        #expect(stored.source == .magnet)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
    }

    @Test func refusals() async throws {
        let fixture = try WebFixture()
        let (server, _) = Self.server(fixture)
        try await server.application().test(.router) { client in
            let unsigned = try await Self.add(
                client, #"{"source": "http://127.0.0.1:1/x.iso"}"#, headers: [.contentType: "application/json"])
            #expect(unsigned.status == .unauthorized)
            let badJSON = try await Self.add(client, #"{"sauce": 1}"#)
            #expect(badJSON.status == .badRequest)
            #expect(badJSON.errorMessage?.contains("invalid JSON body") == true)
            let scheme = try await Self.add(client, #"{"source": "ftp://x/y.iso"}"#)
            #expect(scheme.status == .badRequest)
            let checksum = try await Self.add(client, #"{"source": "http://127.0.0.1:1/x.iso", "sha256": "abc"}"#)
            #expect(checksum.status == .badRequest)
            #expect(checksum.errorMessage?.contains("64 hex digits") == true)
            let magnet = try await Self.add(
                client, #"{"source": "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x.iso"}"#)
            #expect(magnet.status == .serviceUnavailable, "no swarm session on this node")
            let badMagnet = try await Self.add(client, #"{"source": "magnet:?xt=urn:btih:nothex"}"#)
            #expect(badMagnet.status == .badRequest, "invalid input before the missing swarm")
            let unknown = try await client.execute(uri: "/api/v1/additions/42", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage == "no addition with id 42")
            let notNumber = try await client.execute(uri: "/api/v1/additions/x", method: .get)
            #expect(notNumber.status == .badRequest)
            let none = try await client.execute(uri: "/api/v1/additions", method: .get)
            #expect((try none.json() as? [Any])?.isEmpty == true)
        }
    }

    @Test func anUnreachableOriginFailsWithItsReasonOnThePage() async throws {
        let fixture = try WebFixture()
        let (server, _) = Self.server(fixture)
        let port = try FreePort.next()
        try await server.application().test(.router) { client in
            let started = try await Self.add(
                client, #"{"source": "http://127.0.0.1:\#(port)/debian-10.13.0-amd64-netinst.iso"}"#)
            let id = try #require((try started.json() as? [String: Any])?["id"] as? Int)
            let failed = try await Self.finished(client, id: id)
            #expect(failed["state"] as? String == "failed")
            let reason = try #require(failed["error"] as? String)
            #expect(reason.contains("127.0.0.1:\(port)"), "\(reason)")
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.text.contains("data-state=\"failed\""))
            #expect(page.text.contains(HTML.escape(reason)))
        }
    }
}
