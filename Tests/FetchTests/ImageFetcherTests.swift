import Digest
import Fetch
import Foundation
import TestSupport
import Testing

/// Downloads from a real nginx on loopback: full, resumed, already complete, 404s, size caps,
/// redirects, progress.
@Suite(.timeLimit(.minutes(1)))
struct ImageFetcherTests {
    @Test func downloadsWholeFileAndVerifiesItsDigest() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("ubuntu.iso", size: 6 << 20 + 123)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("ubuntu")

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size,
                expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        #expect(result.verified)
        #expect(result.size == image.size)
        #expect(result.bytesReceived == image.size)
        #expect(result.mirror == nginx.url(image.name))
        #expect(!result.resumed && result.resumedFromBytes == 0)
        #expect(result.attempts == 1 && result.failures.isEmpty)
        #expect(contents(destination) == image.data)
        let requests = try await nginx.waitForRequests(1)
        #expect(requests.count == 1)
        #expect(requests[0].status == 200 && requests[0].range == nil)
        #expect(requests[0].bodyBytesSent == image.size)
        #expect(requests[0].userAgent == "isofleet/\(FetchSettings.isofleetVersion)")
    }

    /// With and without O_DIRECT, into the root file system and into a tmpfs; the kept prefix is
    /// not block-aligned, so unaligned and aligned blocks are both written.
    @Test(arguments: [(true, false), (false, false), (true, true)])
    func resumesAnIncompleteFileWithARangeRequest(directIO: Bool, tmpfs: Bool) async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("debian.iso", size: 5 << 20 + 1)
        let nginx = try await fixture.nginx()
        let shm = "/dev/shm/isofleet-fetch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: shm) }
        let destination = tmpfs ? shm + "/debian.part" : fixture.incomplete("debian")
        let kept = 2_500_001
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try image.data.prefixData(kept).write(to: URL(fileURLWithPath: destination))
        var settings = FetchFixture.settings()
        settings.directIO = directIO

        let result = try await ImageFetcher(settings: settings).fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size,
                expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        #expect(result.resumed && result.resumedFromBytes == Int64(kept))
        #expect(result.bytesReceived == image.size - Int64(kept))
        #expect(contents(destination) == image.data)
        let requests = try await nginx.waitForRequests(1)
        #expect(requests.count == 1)
        #expect(requests[0].status == 206)
        #expect(requests[0].rangeStart == Int64(kept))
        #expect(requests[0].bodyBytesSent == image.size - Int64(kept))
    }

    @Test func completeIncompleteFileIsVerifiedWithoutARequest() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("done.iso", size: 1 << 20)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("done")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try image.data.write(to: URL(fileURLWithPath: destination))

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size,
                expectedSHA256: image.sha256))

        #expect(result.verified && result.sha256 == image.sha256)
        #expect(result.bytesReceived == 0 && result.attempts == 0 && result.mirror == nil)
        try await Task.sleep(for: .milliseconds(100))
        #expect(nginx.requests().isEmpty)
    }

    @Test func completeFileIsRecognisedFromTheServersRangeAnswer() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("whole.iso", size: 700_000)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("whole")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try image.data.write(to: URL(fileURLWithPath: destination))

        // No expected size: the range request past the end gets a 416 naming the full size.
        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: destination, expectedSHA256: image.sha256))

        #expect(result.verified && result.sha256 == image.sha256)
        #expect(result.bytesReceived == 0 && result.resumedFromBytes == image.size)
        let requests = try await nginx.waitForRequests(1)
        #expect(requests.map(\.status) == [416])
        #expect(requests.map(\.rangeStart) == [image.size])
    }

    @Test func wrongFileOfTheRightSizeIsRefetchedFromZero() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("stale.iso", size: 1 << 20)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("stale")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try ImageGenerator.bytes(seed: 99, size: 1 << 20).write(to: URL(fileURLWithPath: destination))

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size,
                expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256 && !result.resumed)
        #expect(contents(destination) == image.data)
        let requests = try await nginx.waitForRequests(1)
        #expect(requests.map(\.range) == [nil])
    }

    @Test func notFoundOnEveryMirrorNamesEachMirror() async throws {
        let fixture = try FetchFixture()
        let nginx = try await fixture.nginx()
        let mirrors = [nginx.url("first/missing.iso"), nginx.url("second/missing.iso")]
        let destination = fixture.incomplete("missing")

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(FetchRequest(mirrors: mirrors, destination: destination))
            })

        #expect(error.code == .allMirrorsFailed)
        #expect(error.failures.map(\.code) == [.http(status: 404), .http(status: 404)])
        #expect(error.failures.map(\.url) == mirrors)
        #expect(error.description.contains("first/missing.iso") && error.description.contains("second/missing.iso"))
        #expect(error.description.contains("404"))
        // A 404 is not retried, and no empty file is left behind.
        #expect(try await nginx.waitForRequests(2).count == 2)
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func contentLengthLargerThanTheManifestSizeFailsTheMirror() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("big.iso", size: 1 << 20)
        let nginx = try await fixture.nginx()
        let destination = fixture.incomplete("big")

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [nginx.url(image.name)], destination: destination, expectedSize: 512 << 10))
            })

        #expect(error.failures.map(\.code) == [.tooLarge])
        #expect(error.failures[0].message.contains("Content-Length says \(1 << 20) bytes"))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func contentLengthSmallerThanTheManifestSizeFailsTheMirror() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("small.iso", size: 1 << 20)
        let nginx = try await fixture.nginx()

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [nginx.url(image.name)], destination: fixture.incomplete("small"),
                        expectedSize: 2 << 20))
            })

        #expect(error.failures.map(\.code) == [.sizeMismatch])
    }

    @Test func followsRedirectsUpToTheLimit() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("target.iso", size: 300_000)
        let nginx = try await fixture.nginx(
            serverConfig: """
                location = /moved.iso { return 302 /target.iso; }
                location = /loop.iso { return 302 /loop.iso; }
                """)

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url("moved.iso")], destination: fixture.incomplete("moved"),
                expectedSHA256: image.sha256))
        #expect(result.sha256 == image.sha256)
        #expect(try await nginx.waitForRequests(2).map(\.status) == [302, 200])

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [nginx.url("loop.iso")], destination: fixture.incomplete("loop")))
            })
        #expect(error.failures.map(\.code) == [.badResponse])
        // The first request plus five redirects followed, then libcurl gives up. nginx logs a
        // request after answering it, so wait for the log to hold all eight.
        let logged = try await nginx.waitForRequests(8)
        #expect(logged.filter { $0.path == "/loop.iso" }.count == 6)
    }

    @Test func reportsProgressThrottledAndComplete() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("slow.iso", size: 4 << 20)
        // nginx lets the first second's worth through at once, then paces (in small writes
        // without sendfile): about 1 s in all.
        let nginx = try await fixture.nginx(limitRate: 2 << 20, serverConfig: "sendfile off;")
        let log = ProgressLog()

        _ = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [nginx.url(image.name)], destination: fixture.incomplete("slow"), expectedSize: image.size),
            progress: log.callback)

        let reports = log.all
        // About 1 s with a report every 50 ms at most: a score, not one per buffer received.
        #expect(
            reports.count >= 5 && reports.count <= 40,
            "\(reports.count) reports: \(reports.map { "\($0.bytesDone)@\(Int($0.bytesPerSecond))" })")
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone })
        #expect(reports.allSatisfy { $0.totalBytes == image.size && $0.mirror == nginx.url(image.name) })
        let last = try #require(reports.last)
        #expect(last.bytesDone == image.size)
        #expect(last.bytesPerSecond > 1_000_000 && last.bytesPerSecond < 16_000_000, "\(last.bytesPerSecond) B/s")
    }

    @Test func secondFetchOfTheSameFileIsRefused() async throws {
        let fixture = try FetchFixture()
        // ~4 s at this rate: the second fetch starts long before the first ends, even on a busy machine.
        let image = try fixture.image("locked.iso", size: 4 << 20)
        let nginx = try await fixture.nginx(limitRate: 1 << 20)
        let destination = fixture.incomplete("locked")
        let request = FetchRequest(mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size)

        let first = Task { try await FetchFixture.fetcher().fetch(request) }
        _ = try await Poll.until(timeout: .seconds(5), "first fetch to start") {
            FileManager.default.fileExists(atPath: destination) ? true : nil
        }
        let error = try #require(await fetchError { try await FetchFixture.fetcher().fetch(request) })
        #expect(error.code == .io && error.message.contains("another fetch"))
        #expect(try await first.value.sha256 == image.sha256)
    }
}
