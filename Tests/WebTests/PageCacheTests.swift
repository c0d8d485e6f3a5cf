import Foundation
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Testing

@testable import Web

/// The page and `/api/v1/images` are cached for a second: a change made through the web shows at
/// once, a change made elsewhere (an update run, a scan) within the lifetime.
struct PageCacheTests {
    @Test func webChangesShowAtOnceOtherChangesSoon() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let before = try await client.execute(uri: "/", method: .get).text
            #expect(before.contains("id=\"no-selections\""))
            _ = try await client.execute(uri: "/api/v1/images", method: .get)
            let added = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"selection": "Linux/Debian/*@12"}"#))
            #expect(added.status == .created)
            let after = try await client.execute(uri: "/", method: .get).text
            #expect(after.contains("Linux/Debian/*@12"), "the web's own change drops the cache")

            // Elsewhere: a display name changed in the store directly.
            var debian = try #require(try fixture.store.image(path: WebFixture.debianPath))
            debian.displayName = "Debian renamed elsewhere"
            try fixture.store.upsertImage(debian)
            let deadline = ContinuousClock.now + .seconds(10)
            var page = ""
            var images = ""
            while ContinuousClock.now < deadline {
                page = try await client.execute(uri: "/", method: .get).text
                images = try await client.execute(uri: "/api/v1/images", method: .get).text
                if page.contains("Debian renamed elsewhere"), images.contains("Debian renamed elsewhere") { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(page.contains("Debian renamed elsewhere"))
            #expect(images.contains("Debian renamed elsewhere"))
        }
    }
}
