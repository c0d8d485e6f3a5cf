import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Node
import Testing

@testable import Web

/// Issue 15, items 2, 4, 5 and 10, through the router: caches that no sequence of requests grows,
/// the bearer scheme in any case, security headers on every answer, a big manifest parsed once
/// per change, and the manifest URL shown without its secrets.
struct WebHardeningTests {
    /// 300 distinct `?images_page=` values and 300 distinct `Host`s (the node listening on every
    /// address): one page cached (there is one page of images), at most four image bodies.
    @Test func item2_clientChosenKeysDoNotGrowTheCaches() async throws {
        let fixture = try WebFixture(configuration: [.webListen: "0.0.0.0:8080"])
        try await fixture.test { client in
            for number in 0..<300 {
                let host: HTTPFields = [WebSettings.hostHeader: "attacker-\(number).example"]
                let page = try await client.execute(uri: "/?images_page=\(number * 7919)", method: .get, headers: host)
                #expect(page.status == .ok)
                let images = try await client.execute(uri: "/api/v1/images", method: .get, headers: host)
                #expect(images.status == .ok)
            }
        }
        #expect(await fixture.server.anonymousPages.count == 1)
        #expect(await fixture.server.imagesBodies.count <= 4)
        #expect(await fixture.server.imagePage(1_000_000) == 1)
        #expect(await fixture.server.imagePage(-5) == 1)
    }

    /// `Authorization: bearer TOKEN` (any case of the scheme, extra spaces) is the bearer token.
    @Test func item4_bearerSchemeIsCaseInsensitive() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            for scheme in ["bearer", "BEARER", "Bearer", "bEaReR"] {
                let response = try await client.execute(
                    uri: "/api/v1/selections", method: .post,
                    headers: [.authorization: "\(scheme)  \(WebFixture.token)", .contentType: "application/json"],
                    body: ByteBuffer(json: #"{"selection": "Linux/Debian/*@12"}"#))
                #expect([.created, .ok].contains(response.status), "\(scheme): \(response.status)")
            }
            let wrong = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: [.authorization: "Basic \(WebFixture.token)"],
                body: ByteBuffer(json: #"{"selection": "Linux/Debian/*@12"}"#))
            #expect(wrong.status == .unauthorized)
        }
    }

    /// Item 12: an API body naming one key twice is refused (the first would win here, the last in
    /// most other readers), and nothing is stored.
    @Test func item12_duplicateKeysInAPIBodiesAreRefused() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/selections", method: .post,
                headers: [.authorization: "Bearer \(WebFixture.token)", .contentType: "application/json"],
                body: ByteBuffer(json: #"{"selection": "Linux/Debian/*@12", "selection": "Linux/Ubuntu/*@24"}"#))
            #expect(response.status == .badRequest)
            #expect(
                String(buffer: response.body).contains("selection appears twice"), "\(String(buffer: response.body))")
            let listed = try await client.execute(
                uri: "/api/v1/selections", method: .get, headers: [.authorization: "Bearer \(WebFixture.token)"])
            #expect(!String(buffer: listed.body).contains("Linux/Debian/*@12"))
            #expect(!String(buffer: listed.body).contains("Linux/Ubuntu/*@24"))
        }
    }

    /// nosniff, no framing, a referrer policy and a Content-Security-Policy on the page, the API,
    /// files, the script, health, and on 401, 404 and 413 answers.
    @Test func item4_securityHeadersOnEveryResponse() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let file = "/files/" + WebFixture.debianPath.replacingOccurrences(of: " ", with: "%20")
            let answers: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
                ("/", .get, [:], .ok), ("/assets/page.js", .get, [:], .ok), ("/healthz", .get, [:], .ok),
                ("/api/v1/status", .get, [:], .ok), ("/manifest.json", .get, [:], .ok), (file, .get, [:], .ok),
                ("/no-such-page", .get, [:], .notFound), ("/api/v1/selections", .post, [:], .unauthorized),
                ("/ui/settings", .post, [:], .unauthorized),
                ("/login", .post, [.contentLength: "100000"], .contentTooLarge),
            ]
            for (path, method, headers, status) in answers {
                let response = try await client.execute(uri: path, method: method, headers: headers)
                #expect(response.status == status, "\(method) \(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(method) \(path)")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(method) \(path)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(method) \(path)")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("frame-ancestors 'none'"), "\(method) \(path): \(policy)")
            }
            // The page keeps its own policy: its script from the node, its inline stylesheet.
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.headers[.contentSecurityPolicy] == WebServer.contentSecurityPolicy)
            #expect(!page.text.contains("<script>"), "an inline script would need 'unsafe-inline'")
        }
    }

    /// A 2,000-image manifest stored: status calls and page loads parse it once; a new fetch of
    /// it (a new fetch time) parses it once more, however many clients ask at once.
    @Test func item5_bigManifestIsParsedOncePerChange() async throws {
        let fixture = try WebFixture()
        let images = (0..<2000).map { index in
            ManifestImage(
                identity: ImageIdentity(
                    family: "Linux", name: "Distro\(index % 50)", flavor: "Server",
                    version: Version(major: "\(index / 50 + 1)", minor: "0")),
                size: 1024, sha256: String(repeating: "a", count: 64),
                sources: ImageSources(http: ["http://origin.example/\(index).iso"]))
        }
        let body = try Manifest(generated: Date(), images: images).encoded()
        try fixture.store.saveManifest(body, url: "http://origin.example/manifest.json", etag: "\"one\"")
        let facts = fixture.environment.manifestFacts
        try await fixture.test { client in
            for _ in 0..<3 {
                let status = try await client.execute(uri: "/api/v1/status", method: .get)
                let manifest = try #require((try status.json() as? [String: Any])?["manifest"] as? [String: Any])
                #expect(manifest["images"] as? Int == 2000)
            }
            #expect(facts.parses == 1)
            let started = ContinuousClock.now
            let status = try await client.execute(uri: "/api/v1/status", method: .get)
            #expect(status.status == .ok)
            #expect(ContinuousClock.now - started < .milliseconds(500), "a cached status call")
            // The page's selection form offers the manifest's names, from the same parse.
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.text.contains("Distro49"))
            #expect(facts.parses == 1)

            try fixture.store.saveManifest(
                body, url: "http://origin.example/manifest.json", fetchedAt: Date().addingTimeInterval(1),
                etag: "\"two\"")
            // Four clients at once after the change: one parse, the others wait for it.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try await client.execute(uri: "/api/v1/status", method: .get) }
                }
                try await group.waitForAll()
            }
            #expect(facts.parses == 2)
        }
    }

    /// A manifest URL with credentials and a signed query: shown as scheme, host and path on `/`
    /// and in `/api/v1/status`.
    @Test func item10_manifestURLIsShownWithoutCredentialsOrQuery() async throws {
        let fixture = try WebFixture()
        let secretURL = "https://mirror-user:s3cret@origin.example:8443/fleet/manifest.json?X-Amz-Signature=abc123#top"
        try fixture.store.saveManifest(Data(#"{"images": []}"#.utf8), url: secretURL)
        try fixture.store.recordManifestFailure("manifest \(secretURL) could not be fetched: 403", url: secretURL)
        try await fixture.test { client in
            let status = try await client.execute(uri: "/api/v1/status", method: .get)
            let manifest = try #require((try status.json() as? [String: Any])?["manifest"] as? [String: Any])
            #expect(manifest["url"] as? String == "https://origin.example:8443/fleet/manifest.json")
            #expect(
                manifest["last_error"] as? String
                    == "manifest https://origin.example:8443/fleet/manifest.json could not be fetched: 403")
            for response in [status, try await client.execute(uri: "/", method: .get)] {
                #expect(!response.text.contains("s3cret"))
                #expect(!response.text.contains("mirror-user"))
                #expect(!response.text.contains("abc123"))
            }
        }
        #expect(DisplayedURL.withoutSecrets("http://a@b@host/p?q") == "http://host/p")
        #expect(DisplayedURL.withoutSecrets("http://host/p@x") == "http://host/p@x")
        #expect(DisplayedURL.withoutSecrets("file:///srv/manifest.json") == "file:///srv/manifest.json")
    }
}
