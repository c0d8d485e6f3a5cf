import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Node
import TestSupport
import Testing

@testable import Web

/// The page's magnet box (`POST /ui/add`) with the real ingest engine and an nginx origin: the
/// session and CSRF field are required, a refused source shows its reason, an accepted one is
/// listed with its progress and then its path.
@Suite(.timeLimit(.minutes(1)))
struct MagnetFormTests {
    @Test func theMagnetBoxAddsAnImageAndShowsItsProgress() async throws {
        let fixture = try WebFixture()
        let origin = fixture.directory.appending("origin")
        _ = try ImageGenerator.write(to: origin + "/fedora-40.1.0-x86_64-server.iso", seed: 31, size: 200_000)
        let nginx = try await NginxOrigin.start(root: origin, directory: fixture.directory.appending("nginx"))
        let (server, _) = AddAPITests.server(fixture)
        let url = nginx.url("fedora-40.1.0-x86_64-server.iso").absoluteString
        let encoded = url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await server.application().test(.router) { client in
            let anonymous = try await client.execute(uri: "/", method: .get)
            #expect(anonymous.text.contains("id=\"magnet-form\""))
            #expect(!anonymous.text.contains("id=\"magnet-unavailable\""))
            let unsigned = try await client.execute(
                uri: "/ui/add", method: .post, headers: PageTests.form, body: ByteBuffer(string: "source=\(encoded)"))
            #expect(unsigned.status == .unauthorized)

            let session = try await PageTests.signIn(client)
            let headers = PageTests.form + [.cookie: session.cookie]
            let refused = try await client.execute(
                uri: "/ui/add", method: .post, headers: headers,
                body: ByteBuffer(string: "source=ftp%3A%2F%2Fx&csrf=\(session.csrf)"))
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("source must be a magnet link"))

            let added = try await client.execute(
                uri: "/ui/add", method: .post, headers: headers,
                body: ByteBuffer(string: "source=\(encoded)&csrf=\(session.csrf)"))
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/?done=source-added")
            let deadline = ContinuousClock.now + .seconds(30)
            var page = ""
            while ContinuousClock.now < deadline {
                page = try await client.execute(uri: "/", method: .get).text
                if page.contains("data-state=\"done\"") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(
                page.contains("<tr class=\"addition\" data-state=\"done\"><td>fedora-40.1.0-x86_64-server.iso"),
                "\(page)")
            #expect(page.contains("195.3 KiB of 195.3 KiB"), "bytes shown")
        }
    }
}
