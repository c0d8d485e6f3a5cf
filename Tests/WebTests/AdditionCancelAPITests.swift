import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Node
import Repository
import Swarm
import TestSupport
import Testing

@testable import Acquisition
@testable import Web

/// `DELETE /api/v1/additions/{id}` and `add.stall_timeout` with the real ingest engine: an image
/// URL from a rate-limited nginx cancelled mid-fetch (its `.part` file goes, nothing is placed), a
/// magnet nobody seeds that fails with the stall error and is then cancelled (its torrent leaves
/// the session), a done addition that cannot be cancelled (its image stays), and the refusals.
@Suite(.timeLimit(.minutes(2)))
struct AdditionCancelAPITests {
    /// A magnet link of a torrent nobody seeds (a random info-hash) named like an Ubuntu image.
    static func unseededMagnet() -> String {
        let hash = (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "magnet:?xt=urn:btih:\(hash)&dn=ubuntu-24.04.1-live-server-amd64.iso"
    }

    static func server(
        _ fixture: WebFixture, session: SwarmSession? = nil, stallTimeout: Duration = .seconds(600)
    ) -> WebServer {
        let ingest = ImageIngest(
            session: session, repository: fixture.repository, store: fixture.store,
            dataDirectory: fixture.dataDirectory, pollInterval: .milliseconds(100), stallTimeout: stallTimeout,
            logger: Logger(label: "ingest-test"))
        var environment = fixture.environment
        environment.engines = NodeEngines(magnets: ingest)
        return WebServer(
            environment: environment, settings: fixture.server.settings, adminToken: WebFixture.token,
            logger: fixture.server.logger)
    }

    /// Polls `GET /api/v1/additions/{id}` until `condition` holds for it.
    static func addition(
        _ client: any TestClientProtocol, id: Int, _ what: String, until condition: @escaping ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < deadline {
            let response = try await client.execute(uri: "/api/v1/additions/\(id)", method: .get)
            last = try #require(try response.json() as? [String: Any])
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("addition \(id): \(what) never came; last \(last)")
        return last
    }

    static func delete(
        _ client: any TestClientProtocol, _ id: String, headers: HTTPFields = WebFixture.bearer
    ) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/additions/\(id)", method: .delete, headers: headers)
    }

    @Test func cancellingAnImageURLMidFetchRemovesItsPartialFileAndPlacesNothing() async throws {
        let fixture = try WebFixture()
        let origin = fixture.directory.appending("origin")
        _ = try ImageGenerator.write(to: origin + "/debian-12.6.0-amd64-netinst.iso", seed: 41, size: 4 << 20)
        _ = try ImageGenerator.write(to: origin + "/fedora-40.1.0-x86_64-server.iso", seed: 42, size: 20_000)
        let nginx = try await NginxOrigin.start(
            root: origin, directory: fixture.directory.appending("nginx"), limitRate: 64 * 1024)
        defer { withExtendedLifetime(nginx) {} }
        let server = Self.server(fixture)
        try await server.application().test(.router) { client in
            let slow = try await AddAPITests.add(
                client, #"{"source": "\#(nginx.url("debian-12.6.0-amd64-netinst.iso").absoluteString)"}"#)
            #expect(slow.status == .accepted, "\(slow.text)")
            let id = try #require((try slow.json() as? [String: Any])?["id"] as? Int)
            _ = try await Self.addition(client, id: id, "bytes") { ($0["bytes_done"] as? Int ?? 0) > 0 }
            let partial = fixture.dataDirectory.incomplete + "/debian-12.6.0-amd64-netinst.iso.part"
            #expect(FileManager.default.fileExists(atPath: partial), "the fetch writes its .part file")

            let unsigned = try await Self.delete(client, "\(id)", headers: [:])
            #expect(unsigned.status == .unauthorized)
            let cancelled = try await Self.delete(client, "\(id)")
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect((try cancelled.json() as? [String: Any])?["state"] as? String == "cancelled")
            #expect(!FileManager.default.fileExists(atPath: partial), "the partial file is removed")
            let listed = try await client.execute(uri: "/api/v1/additions/\(id)", method: .get)
            #expect((try listed.json() as? [String: Any])?["state"] as? String == "cancelled")
            #expect(try await Self.delete(client, "\(id)").status == .ok, "cancelling twice is harmless")
            #expect(
                !FileManager.default.fileExists(
                    atPath: fixture.repository.absolutePath(of: "Linux/Debian - Netinst/debian.netinst-12.6.0.iso")))

            // A done addition is refused: cancelling never removes a placed image.
            let small = try await AddAPITests.add(
                client, #"{"source": "\#(nginx.url("fedora-40.1.0-x86_64-server.iso").absoluteString)"}"#)
            let smallID = try #require((try small.json() as? [String: Any])?["id"] as? Int)
            let done = try await Self.addition(client, id: smallID, "done") { $0["state"] as? String == "done" }
            let path = try #require(done["path"] as? String)
            let refused = try await Self.delete(client, "\(smallID)")
            #expect(refused.status == .conflict)
            #expect(refused.errorMessage?.contains("never removes a placed image") == true, "\(refused.text)")
            #expect(FileManager.default.fileExists(atPath: path))

            #expect(try await Self.delete(client, "999").status == .notFound)
            #expect(try await Self.delete(client, "999").errorMessage == "no addition with id 999")
            #expect(try await Self.delete(client, "x").status == .badRequest)
        }
    }

    @Test func aMagnetNobodySeedsFailsAfterTheStallTimeoutAndCanBeCancelled() async throws {
        let fixture = try WebFixture()
        let session = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await session.start()
        let server = Self.server(fixture, session: session, stallTimeout: .seconds(2))
        try await server.application().test(.router) { client in
            let started = try await AddAPITests.add(client, #"{"source": "\#(Self.unseededMagnet())"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let addition = try #require(try started.json() as? [String: Any])
            #expect(addition["metadata"] as? Bool == false)
            let id = try #require(addition["id"] as? Int)
            let began = ContinuousClock.now
            let failed = try await Self.addition(client, id: id, "the stall failure") {
                $0["state"] as? String != "starting"
            }
            #expect(failed["state"] as? String == "failed")
            #expect(
                (failed["error"] as? String)?.hasPrefix("no peer sent metadata in 2s (0 peers connected") == true,
                "\(failed)")
            #expect(ContinuousClock.now - began < .seconds(10))

            // The failed addition is cancelled: its torrent is gone from the session.
            let cancelled = try await Self.delete(client, "\(id)")
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let body = try #require(try cancelled.json() as? [String: Any])
            #expect(body["state"] as? String == "cancelled")
            #expect(await session.torrentIDs.isEmpty)

            // A running one the same: cancelled while it waits for metadata.
            let second = try await AddAPITests.add(client, #"{"source": "\#(Self.unseededMagnet())"}"#)
            let secondID = try #require((try second.json() as? [String: Any])?["id"] as? Int)
            let stopped = try await Self.delete(client, "\(secondID)")
            #expect((try stopped.json() as? [String: Any])?["state"] as? String == "cancelled")
            #expect(await session.torrentIDs.isEmpty)
        }
        await session.shutdown()
    }

    /// A multi-file `.torrent` named `name` (files `a.iso`, 40 KiB, and `b/c.bin`, 20 KiB) whose
    /// piece hashes match nothing: nobody can send a byte of it.
    static func multiFileTorrent(name: String) -> Data {
        func string(_ text: String) -> Data { Data("\(text.utf8.count):\(text)".utf8) }
        func bytes(_ data: Data) -> Data { Data("\(data.count):".utf8) + data }
        func int(_ value: Int) -> Data { Data("i\(value)e".utf8) }
        func list(_ items: [Data]) -> Data { items.reduce(into: Data("l".utf8)) { $0.append($1) } + Data("e".utf8) }
        func dictionary(_ pairs: [(String, Data)]) -> Data {
            var data = Data("d".utf8)
            for (key, value) in pairs {
                data.append(string(key))
                data.append(value)
            }
            data.append(Data("e".utf8))
            return data
        }
        func file(_ length: Int, _ path: [String]) -> Data {
            dictionary([("length", int(length)), ("path", list(path.map(string)))])
        }
        let info = dictionary([
            ("files", list([file(40_960, ["a.iso"]), file(20_480, ["b", "c.bin"])])), ("name", string(name)),
            ("piece length", int(16_384)), ("pieces", bytes(Data(repeating: 7, count: 20 * 4))),
        ])
        return dictionary([("info", info)])
    }

    @Test func aFailedMultiFileTorrentsFolderGoesWhenCancelledAndDoneAdditionsLeaveNothingBehind() async throws {
        let fixture = try WebFixture()
        let origin = fixture.directory.appending("origin")
        _ = try ImageGenerator.write(to: origin + "/fedora-40.1.0-x86_64-server.iso", seed: 43, size: 20_000)
        try Self.multiFileTorrent(name: "bundle").write(to: URL(fileURLWithPath: origin + "/bundle.torrent"))
        let nginx = try await NginxOrigin.start(root: origin, directory: fixture.directory.appending("nginx"))
        defer { withExtendedLifetime(nginx) {} }
        let session = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:0"))
        try await session.start()
        let ingest = ImageIngest(
            session: session, repository: fixture.repository, store: fixture.store,
            dataDirectory: fixture.dataDirectory, pollInterval: .milliseconds(100), stallTimeout: .seconds(2),
            logger: Logger(label: "ingest-test"))
        var environment = fixture.environment
        environment.engines = NodeEngines(magnets: ingest)
        let server = WebServer(
            environment: environment, settings: fixture.server.settings, adminToken: WebFixture.token,
            logger: fixture.server.logger)
        // What an earlier run of the torrent left: a partial folder, with a link to a file outside.
        let folder = fixture.dataDirectory.incomplete + "/bundle"
        let outside = fixture.directory.appending("outside.txt")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try Data(repeating: 1, count: 1000).write(to: URL(fileURLWithPath: folder + "/a.iso"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/b/link", withDestinationPath: outside)
        try await server.application().test(.router) { client in
            // A done addition keeps no leftovers.
            let small = try await AddAPITests.add(
                client, #"{"source": "\#(nginx.url("fedora-40.1.0-x86_64-server.iso").absoluteString)"}"#)
            let smallID = try #require((try small.json() as? [String: Any])?["id"] as? Int)
            _ = try await Self.addition(client, id: smallID, "done") { $0["state"] as? String == "done" }
            #expect(await ingest.leftovers[smallID] == nil, "a placed addition leaves nothing to cancel")

            let started = try await AddAPITests.add(
                client, #"{"source": "\#(nginx.url("bundle.torrent").absoluteString)"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require((try started.json() as? [String: Any])?["id"] as? Int)
            let failed = try await Self.addition(client, id: id, "the stall failure") {
                ["failed", "done", "cancelled"].contains($0["state"] as? String ?? "")
            }
            #expect(failed["state"] as? String == "failed", "\(failed)")
            #expect(await session.torrentIDs.isEmpty, "a failed torrent leaves the session")
            #expect(FileManager.default.fileExists(atPath: folder + "/a.iso"), "its files stay until cancelled")

            let cancelled = try await Self.delete(client, "\(id)")
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect(!FileManager.default.fileExists(atPath: folder), "the partial folder is removed")
            #expect(FileManager.default.fileExists(atPath: outside), "a link's target outside incomplete/ stays")
            #expect(FileManager.default.fileExists(atPath: fixture.dataDirectory.incomplete))
            #expect(await ingest.leftovers.isEmpty)
        }
        await session.shutdown()
    }
}
