import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Synchronization
import TestSupport
import Testing

/// The manifest sync against real sources: file://, nginx (conditional GET), a missing file, an
/// invalid document; min_age with an injected clock; the sync loop.
@Suite(.timeLimit(.minutes(1)))
struct ManifestSynchronizerTests {
    @Test func fileManifestIsFetchedThenFreshThenNotModified() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }

        let first = await fixture.synchronizer().sync()
        #expect(first.outcome == .fetched)
        #expect(first.isCurrent)
        #expect(first.manifest?.images.map(\.identity) == [image.identity])
        let cached = try #require(try fixture.store.cachedManifest())
        #expect(cached.body == FileManager.default.contents(atPath: fixture.manifestPath))
        #expect(cached.lastModified != nil && cached.lastError == nil && cached.url == fixture.manifestURL)

        let second = await fixture.synchronizer().sync()
        #expect(second.outcome == .skippedFresh)
        #expect(second.isCurrent)

        let forced = await fixture.synchronizer().sync(force: true)
        #expect(forced.outcome == .notModified)
        #expect(forced.manifest?.images.count == 1)
    }

    @Test func httpManifestUsesConditionalGet() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        let nginx = try await fixture.nginx(root: fixture.directory.appending("upstream"))
        let url = nginx.url("manifest.json").absoluteString

        #expect(await fixture.synchronizer(url: url).sync().outcome == .fetched)
        #expect(try fixture.store.cachedManifest()?.etag != nil)
        #expect(await fixture.synchronizer(url: url).sync(force: true).outcome == .notModified)
        let requests = try await nginx.waitForRequests(2)
        #expect(requests.map(\.status) == [200, 304])
    }

    @Test func minAgeExpiresWithTheClock() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        let start = Date()
        #expect(await fixture.synchronizer(minAge: .seconds(60), now: { start }).sync().outcome == .fetched)
        let later = fixture.synchronizer(minAge: .seconds(60), now: { start.addingTimeInterval(61) })
        #expect(await later.sync().outcome == .notModified)
        let soon = fixture.synchronizer(minAge: .seconds(60), now: { start.addingTimeInterval(90) })
        #expect(await soon.sync().outcome == .skippedFresh)
    }

    @Test func invalidManifestKeepsTheLastGoodOne() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        #expect(await fixture.synchronizer().sync().outcome == .fetched)
        let good = try #require(try fixture.store.cachedManifest())

        let text = try String(contentsOfFile: fixture.manifestPath, encoding: .utf8)
            .replacingOccurrences(of: image.sha256, with: "nothex")
        try fixture.writeManifestText(text)
        let result = await fixture.synchronizer().sync(force: true)
        let failure = try #require(result.failure)
        #expect(failure.code == .invalid)
        #expect(failure.message.contains("Linux/Ubuntu/Server@22.04.3") && failure.message.contains("sha256"))
        #expect(!result.isCurrent)
        #expect(result.manifest?.images.first?.sha256 == image.sha256)
        let after = try #require(try fixture.store.cachedManifest())
        #expect(after.body == good.body && after.fetchedAt == good.fetchedAt)
        #expect(after.lastError == failure.message)

        // A failed last attempt is not "fresh": the next sync asks again.
        #expect(await fixture.synchronizer().sync().failure?.code == .invalid)
    }

    @Test func unreachableManifestKeepsTheLastGoodOne() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        #expect(await fixture.synchronizer().sync().outcome == .fetched)

        let port = try FreePort.next()
        let result = await fixture.synchronizer(url: "http://127.0.0.1:\(port)/manifest.json").sync()
        #expect(result.failure?.code == .unreachable)
        #expect(result.failure?.message.contains("127.0.0.1:\(port)") == true)
        #expect(result.manifest?.images.count == 1 && !result.isCurrent)
        #expect(try fixture.store.cachedManifest()?.lastError == result.failure?.message)

        let notConfigured = await fixture.synchronizer(url: "ftp://example/manifest.json").sync()
        #expect(notConfigured.failure?.code == .notConfigured)
    }

    @Test func dryRunSyncLeavesTheStoreAlone() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        let result = await fixture.synchronizer().sync(persist: false)
        #expect(result.outcome == .fetched && result.isCurrent)
        #expect(try fixture.store.cachedManifest() == nil)
    }

    @Test func serviceLoopsUntilCancelledWithTheStoredInterval() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        try fixture.store.setSetting(ManifestSyncLoop.intervalSetting, "1s")
        let outcomes = Outcomes()
        let service = ManifestSyncLoop(
            synchronizer: fixture.synchronizer(minAge: .zero), configuredInterval: .seconds(3600),
            onResult: { outcomes.append($0.outcomeName) })
        #expect(service.interval() == .seconds(1))
        let task = Task { await service.run() }
        _ = try await Poll.until(timeout: .seconds(30), "two syncs") { outcomes.count >= 2 ? true : nil }
        task.cancel()
        await task.value
        #expect(outcomes.values.prefix(2) == ["fetched", "not-modified"])
    }
}

/// Outcome names collected from the service's callback.
final class Outcomes: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
    var count: Int { values.count }
}
