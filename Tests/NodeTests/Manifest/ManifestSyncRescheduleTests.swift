import Common
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import Synchronization
import TestSupport
import Testing
import WireTypes

/// Issue 13, item 5: a new pull interval reschedules the next pull at once, wherever it was set
/// (here through a second connection to the store, as the CLI or the page write it).
@Suite(.timeLimit(.minutes(1)))
struct ManifestSyncRescheduleTests {
    @Test func aShortIntervalSetDuringALongPauseFiresAtOnce() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        let loop = ManifestSyncLoop(
            synchronizer: fixture.synchronizer(minAge: .zero), configuredInterval: .seconds(3600))
        let task = Task { await loop.run() }
        defer { task.cancel() }
        let first = try await Poll.until(timeout: .seconds(20), "the first pull") {
            (try? fixture.store.cachedManifest())??.fetchedAt
        }
        // The next pull is an hour away, and the status says so (`next_pull`).
        let scheduled = try #require(ManifestSyncLoop.nextPull(store: fixture.store, interval: loop.interval()))
        #expect(scheduled.timeIntervalSince(first) > 3000)

        let other = try CatalogStore(
            databasePath: fixture.dataDirectory.database, inventoryPath: fixture.dataDirectory.inventory)
        try other.setSetting(ManifestSyncLoop.intervalSetting, "2s")
        let set = ContinuousClock.now
        _ = try await Poll.until(timeout: .seconds(10), "a pull after the interval changed") {
            (try? fixture.store.cachedManifest())??.fetchedAt.flatMap { $0 > first ? $0 : nil }
        }
        // The loop looks again every second (`recheck`) and the pull itself is quick: about a
        // second on an idle machine. The bound tells "at once" from the hour the old interval
        // left, with room for a loaded CI machine (4.7 s seen with six test suites in parallel).
        #expect(ContinuousClock.now - set < .seconds(8))
        task.cancel()
        await task.value
        #expect(try fixture.store.setting(ManifestSyncLoop.lastPullSetting) == nil, "a stopped loop schedules nothing")
    }

    /// While it waits, the loop asks for the interval again only when the store changed, not
    /// every second.
    @Test func theIntervalIsReadAgainOnlyWhenTheStoreChanged() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { _ in [URL(string: "http://127.0.0.1:1/x.iso")!] }
        let reads = Atomic<Int>(0)
        let loop = ManifestSyncLoop(synchronizer: fixture.synchronizer(minAge: .zero)) {
            reads.add(1, ordering: .relaxed)
            return .milliseconds(3500)
        }
        let task = Task { await loop.run() }
        defer { task.cancel() }
        let first = try await Poll.until(timeout: .seconds(20), "the first pull") {
            (try? fixture.store.cachedManifest())??.fetchedAt
        }
        _ = try await Poll.until(timeout: .seconds(20), "the second pull") {
            (try? fixture.store.cachedManifest())??.fetchedAt.flatMap { $0 > first ? $0 : nil }
        }
        // Asked once per wait (the first, maybe the second's start), not once a second (≥ 4).
        #expect(reads.load(ordering: .relaxed) <= 2, "\(reads.load(ordering: .relaxed)) reads")
        task.cancel()
        await task.value
    }

    /// A pull time left behind by a loop that died (a crash skips its clean-up) is no schedule:
    /// the status shows a next pull only while the daemon holds the serve lock.
    @Test func aStaleLastPullShowsNoNextPullWithoutTheDaemon() throws {
        let fixture = try OriginFixture()
        try fixture.store.setSetting(ManifestSyncLoop.lastPullSetting, RFC3339.string(from: Date()))
        let settings = RuntimeSettings(
            store: fixture.store, configuration: try Configuration(file: nil, environment: [:]))
        func nextPull() throws -> String? {
            try NodeStatus.compute(
                store: fixture.store, dataDirectory: fixture.dataDirectory, repository: fixture.repository,
                settings: settings
            ).manifest.nextPull
        }
        #expect(try nextPull() == nil, "no daemon runs: the stored pull time is stale")
        let lock = try ServeLock(dataDirectory: fixture.dataDirectory)
        defer { lock.release() }
        #expect(try nextPull() != nil, "the daemon runs: its loop pulls next")
    }
}
