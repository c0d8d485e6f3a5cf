import Foundation
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Node
import Synchronization
import TestSupport
import Testing

@testable import Web

/// The page and `/api/v1/images` are cached while the store's change counter holds still: a change
/// made through the web or elsewhere (an update run, a scan, another connection) shows on the very
/// next request (issue 13, item 3).
struct PageCacheTests {
    @Test func webAndOtherChangesShowOnTheNextRequest() async throws {
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
            let page = try await client.execute(uri: "/", method: .get).text
            let images = try await client.execute(uri: "/api/v1/images", method: .get).text
            #expect(page.contains("Debian renamed elsewhere"))
            #expect(images.contains("Debian renamed elsewhere"))
        }
    }

    /// A computation that read the store before `invalidate()` (a change the counter did not see
    /// yet) must not be kept: the next caller computes again and sees the change (issue 13).
    @Test func aComputationStartedBeforeInvalidateIsNotKept() async throws {
        let truth = Mutex("before")
        let started = Atomic<Int>(0)
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let tracked = StoreTrackedValue<String>(lifetime: .seconds(3600), changeCounter: { 1 }) {
            let seen = truth.withLock { $0 }
            if started.add(1, ordering: .relaxed).oldValue == 0 {
                for await _ in gate { break }
            }
            return seen
        }
        let first = Task { await tracked.value() }
        try await Poll.until("the first computation to start") { started.load(ordering: .relaxed) > 0 ? true : nil }
        truth.withLock { $0 = "after" }
        await tracked.invalidate()
        opener.yield()
        #expect(await first.value == "before", "it answers the caller that asked before the change")
        #expect(await tracked.value() == "after", "its result is not cached under the current counter")
        #expect(await tracked.value() == "after")
    }

    /// A run that failed outright (recorded by whoever ran it) shows on the next request, why
    /// included, scrubbed of credentials.
    @Test func aFailedRunShowsOnTheNextRequest() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            #expect(
                try await client.execute(uri: "/", method: .get).text.contains("<section id=\"run-warnings\" hidden>"))
            try LastRunRecord(
                finished: "2026-01-01T00:00:00Z", outcome: "failed",
                failure: "no manifest to work from: https://user:secret@mirror.example/manifest.json", warnings: []
            ).write(to: fixture.store)
            let page = try await client.execute(uri: "/", method: .get).text
            #expect(page.contains("Last run: <strong>failed</strong>"))
            #expect(page.contains("no manifest to work from: https://mirror.example/manifest.json"))
            #expect(!page.contains("secret"))
        }
    }
}
