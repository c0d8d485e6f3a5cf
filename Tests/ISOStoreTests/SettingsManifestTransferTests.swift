import Foundation
import ISOCatalog
import ISOStore
import Testing

struct SettingsManifestTransferTests {
    @Test func settingsRoundTripAndNilRemoves() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        #expect(try store.setting("manifest.interval") == nil)
        try store.setSetting("manifest.interval", "2h")
        try store.setSetting("manifest.interval", "30m")
        try store.setSetting("web.theme", "dark")
        let reopened = try fixture.open()
        #expect(try reopened.setting("manifest.interval") == "30m")
        #expect(try reopened.settings().map(\.key) == ["manifest.interval", "web.theme"])
        try reopened.setSetting("web.theme", nil)
        #expect(try reopened.setting("web.theme") == nil)
        #expect(throws: StoreError.self) { try reopened.setSetting("", "x") }
    }

    @Test func aFailedFetchKeepsTheLastGoodManifest() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        #expect(try store.cachedManifest() == nil)
        let body = Data(#"{"format": "isofleet-manifest/1", "images": []}"#.utf8)
        let fetched = Date(timeIntervalSince1970: 1_764_230_400)
        try store.saveManifest(body, url: "file:///m.json", fetchedAt: fetched, etag: "\"abc\"", lastModified: "Thu")
        let failedAt = fetched.addingTimeInterval(3600)
        try store.recordManifestFailure("HTTP 503", url: "file:///m.json", at: failedAt)

        let cached = try #require(try fixture.open().cachedManifest())
        #expect(cached.body == body)
        #expect(cached.fetchedAt == fetched)
        #expect(cached.etag == "\"abc\"")
        #expect(cached.lastModified == "Thu")
        #expect(cached.lastAttempt == failedAt)
        #expect(cached.lastError == "HTTP 503")

        try store.saveManifest(body, url: "file:///m.json", fetchedAt: failedAt.addingTimeInterval(60))
        #expect(try store.cachedManifest()?.lastError == nil)
    }

    @Test func aFailureBeforeAnySuccessHasNoBody() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        try store.recordManifestFailure("no route to host", url: "https://x/m.json")
        let cached = try #require(try store.cachedManifest())
        #expect(cached.body == nil)
        #expect(cached.lastError == "no route to host")
    }

    @Test func transfersUpsertByPathAndRemove() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let identity = Sample.identity()
        var transfer = Transfer(
            identity: identity, path: "Linux/u.iso", source: "https://mirror/u.iso", bytesDone: 10,
            bytesTotal: 100, state: .running, updated: Date(timeIntervalSince1970: 1_764_230_400))
        let stored = try store.upsertTransfer(transfer)
        transfer.bytesDone = 100
        transfer.state = .complete
        let updated = try store.upsertTransfer(transfer)
        #expect(updated.id == stored.id)
        let read = try fixture.open().transfers()
        #expect(read.count == 1)
        #expect(read.first?.bytesDone == 100)
        #expect(read.first?.state == .complete)
        #expect(read.first?.identity == identity)
        try store.removeTransfer(id: #require(stored.id))
        #expect(try store.transfers().isEmpty)
        #expect(throws: StoreError.self) { try store.removeTransfer(id: 12345) }
    }
}
