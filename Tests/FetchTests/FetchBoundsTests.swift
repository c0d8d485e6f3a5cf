import Fetch
import Foundation
import TestSupport
import Testing

/// Issue 15, item 7: every fetch is bounded. A size cap always (the manifest's size, else
/// `fetch.max_size`); a mirror whose average rate stays below `fetch.min_rate` over a window is
/// abandoned for the next mirror, which continues its bytes; bytes past a cap are never kept.
@Suite(.timeLimit(.minutes(1)))
struct FetchBoundsTests {
    /// Settings with a small size cap and a rate floor measured over one second.
    static func boundedSettings(maxSize: Int64 = 1 << 20, minimumRate: Int = 0, attempts: Int = 1) -> FetchSettings {
        var settings = FetchFixture.settings(attempts: attempts)
        settings.maxSize = maxSize
        settings.minimumRate = minimumRate
        settings.minimumRateWindow = .seconds(1)
        return settings
    }

    @Test func item7_endlessBodyIsCutAtFetchMaxSize() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("endless.iso", size: 100_000)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("endless")

        let started = ContinuousClock.now
        let error = try #require(
            await fetchError {
                try await ImageFetcher(settings: Self.boundedSettings(), sleeper: RecordingSleeper()).fetch(
                    FetchRequest(mirrors: [server.url("endless/endless.iso")], destination: destination))
            })

        #expect(error.code == .allMirrorsFailed)
        #expect(error.failures.map(\.code) == [.tooLarge])
        #expect(error.failures[0].message.contains("fetch.max_size (1048576 bytes)"), "\(error)")
        // Nothing past the cap is kept: the bytes of a mirror that sent too much are dropped.
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(ContinuousClock.now - started < .seconds(10))
        let sent = try await server.waitForRequests(1)[0].bodyBytesSent
        #expect(sent < 16 << 20, "the server got \(sent) bytes out before the client hung up")
    }

    @Test func item7_announcedLengthAboveFetchMaxSizeIsRefusedBeforeTheBody() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("big.iso", size: 3 << 20)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("big")

        let error = try #require(
            await fetchError {
                try await ImageFetcher(settings: Self.boundedSettings(), sleeper: RecordingSleeper()).fetch(
                    FetchRequest(mirrors: [nginx.url("big.iso")], destination: destination))
            })

        #expect(error.failures.map(\.code) == [.tooLarge])
        #expect(error.failures[0].message.contains("Content-Length says \(3 << 20) bytes, more than fetch.max_size"))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func item7_manifestSizeAboveFetchMaxSizeIsRefusedWithoutARequest() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("huge.iso", size: 1000)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("huge")

        let error = try #require(
            await fetchError {
                try await ImageFetcher(settings: FetchFixture.settings(), sleeper: RecordingSleeper()).fetch(
                    FetchRequest(
                        mirrors: [server.url("endless/huge.iso")], destination: destination, expectedSize: .max))
            })

        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("more than fetch.max_size (\(FetchSettings.defaultMaxSize) bytes)"))
        #expect(server.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func item7_tricklingMirrorIsAbandonedAndTheNextContinuesItsBytes() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("trickle.iso", size: 2 << 20)
        let server = try await fixture.faultServer()
        let mirrors = [server.url("trickle-20000/trickle.iso"), server.url("trickle.iso")]
        let settings = Self.boundedSettings(maxSize: 64 << 20, minimumRate: 200_000, attempts: 3)

        let started = ContinuousClock.now
        let result = try await ImageFetcher(settings: settings, sleeper: RecordingSleeper()).fetch(
            FetchRequest(
                mirrors: mirrors, destination: fixture.incomplete("trickle"), expectedSize: image.size,
                expectedSHA256: image.sha256))

        // At 20 kB/s the whole file would take 100 s; the floor gives up on it after a second.
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(result.sha256 == image.sha256 && result.mirror == mirrors[1])
        #expect(result.failures.map(\.code) == [.tooSlow])
        #expect(result.failures[0].message.contains("below the minimum 200000 bytes/s (fetch.min_rate)"))
        // Not retried on the slow mirror: the next one continues what it sent.
        // (The slow request is logged when it ends, so possibly after the next one.)
        let requests = try await server.waitForRequests(2)
        #expect(requests.count == 2)
        let slow = try #require(requests.first { $0.path.hasPrefix("/trickle-") })
        let next = try #require(requests.first { $0.path == "/trickle.iso" })
        #expect(slow.range == nil)
        // Some of what the slow mirror sent may still have been in flight when it was dropped.
        let kept = try #require(next.rangeStart)
        #expect(kept > 0 && kept <= slow.bodyBytesSent && result.resumed)
    }

    @Test func item7_tricklingOnlyMirrorFailsAndKeepsItsBytesForALaterRun() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("slow.iso", size: 2 << 20)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("slow")
        let settings = Self.boundedSettings(maxSize: 64 << 20, minimumRate: 200_000, attempts: 3)

        let error = try #require(
            await fetchError {
                try await ImageFetcher(settings: settings, sleeper: RecordingSleeper()).fetch(
                    FetchRequest(
                        mirrors: [server.url("trickle-20000/slow.iso")], destination: destination,
                        expectedSize: image.size))
            })

        #expect(error.failures.map(\.code) == [.tooSlow])
        let kept = try #require(contents(destination))
        #expect(kept.count > 0 && kept.count < 200_000)
        #expect(kept == image.data.prefixData(kept.count))
    }

    @Test func item7_tricklingManifestIsAbandoned() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("slow.json", size: 300_000)
        let server = try await fixture.faultServer()
        let downloader = ManifestDownloader(
            settings: Self.boundedSettings(minimumRate: 200_000), sleeper: RecordingSleeper())

        let started = ContinuousClock.now
        let error = await fetchError { try await downloader.fetch(server.url("trickle-10000/slow.json")) }

        #expect(error?.code == .tooSlow)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
