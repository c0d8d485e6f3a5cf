import Common
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import Node
import Testing

@testable import Web

/// `web.listen` and `web.public_url`, and the base URL of `/manifest.json`.
struct WebSettingsTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("0.0.0.0:9000", "0.0.0.0", 9000, "http://127.0.0.1:9000"),
        ("[::1]:8081", "::1", 8081, "http://[::1]:8081"),
        (":8082", "0.0.0.0", 8082, "http://127.0.0.1:8082"),
    ])
    func listenAddresses(listen: String, host: String, port: Int, localURL: String) throws {
        let settings = try WebSettings(
            configuration: try Configuration(file: nil, environment: [:], overrides: [.webListen: listen]))
        #expect(settings.host == host)
        #expect(settings.port == port)
        #expect(settings.localURL == localURL)
    }

    @Test(arguments: [
        ([ConfigurationKey.webListen: "localhost"], "web.listen: 'localhost' is not host:port"),
        ([.webListen: "127.0.0.1:0"], "web.listen: '127.0.0.1:0' is not host:port"),
        ([.webListen: "127.0.0.1:70000"], "web.listen: '127.0.0.1:70000' is not host:port"),
        ([.webPublicURL: "ftp://node"], "web.public_url: 'ftp://node' is not an http(s) URL"),
    ])
    func invalidSettingsNameTheKey(overrides: [ConfigurationKey: String], message: String) throws {
        let configuration = try Configuration(file: nil, environment: [:], overrides: overrides)
        #expect(throws: DaemonError.self) { try WebSettings(configuration: configuration) }
        do { _ = try WebSettings(configuration: configuration) } catch { #expect(error.message == message) }
    }

    @Test func listeningEverywhereTheManifestUsesTheRequestAuthority() async throws {
        let fixture = try WebFixture(configuration: [.webListen: "0.0.0.0:8080"])
        try await fixture.test { client in
            // The router tester sends every request with the authority `localhost`.
            let response = try await client.execute(uri: "/manifest.json", method: .get)
            let manifest = try Manifest.parse(Data(response.text.utf8))
            #expect(manifest.images.count == 2)
            #expect(manifest.images.allSatisfy { $0.sources.http.first?.hasPrefix("http://localhost/files/") == true })
        }
    }
}
