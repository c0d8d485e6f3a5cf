import Fetch
import Foundation
import TestSupport
import Testing

/// The fetcher against the tests' fault-injecting server: errors, cuts, corrupt bytes, stalls,
/// servers that ignore ranges or send too much.
@Suite(.timeLimit(.minutes(1)))
struct FetchFaultTests {
    @Test func retriesServerErrorsWithGrowingPauses() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("retry.iso", size: 700_000)
        let server = try await fixture.faultServer()
        let sleeper = RecordingSleeper()

        let result = try await FetchFixture.fetcher(attempts: 4, sleeper: sleeper).fetch(
            FetchRequest(
                mirrors: [server.url("status-500-2/retry.iso")], destination: fixture.incomplete("retry"),
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        #expect(result.attempts == 3)
        #expect(result.failures.map(\.code) == [.http(status: 500), .http(status: 500)])
        // 1 s then 2 s (jitter drawn at the midpoint of ±20 %).
        #expect(sleeper.delays == [.seconds(1), .seconds(2)])
        // Sorted: the server logs a request after answering it, so on a loaded machine the short
        // 500 of the second request may be logged after the 200 of the third.
        #expect(try await server.waitForRequests(3).map(\.status).sorted() == [200, 500, 500])
    }

    @Test func retryAfterLengthensThePause() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("busy.iso", size: 100_000)
        let server = try await fixture.faultServer()
        let sleeper = RecordingSleeper()

        let result = try await FetchFixture.fetcher(sleeper: sleeper).fetch(
            FetchRequest(
                mirrors: [server.url("status-429-1/busy.iso")], destination: fixture.incomplete("busy"),
                expectedSHA256: image.sha256))

        #expect(result.failures.map(\.code) == [.http(status: 429)])
        // The server's "Retry-After: 3" outweighs the first backoff step of 1 s.
        #expect(sleeper.delays == [.seconds(3)])
    }

    @Test func exhaustedRetriesMoveOnToTheNextMirror() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("next.iso", size: 200_000)
        let server = try await fixture.faultServer()
        let mirrors = [server.url("status-503-99/next.iso"), server.url("next.iso")]

        let result = try await FetchFixture.fetcher(attempts: 3).fetch(
            FetchRequest(
                mirrors: mirrors, destination: fixture.incomplete("next"), expectedSHA256: image.sha256))

        #expect(result.mirror == mirrors[1])
        #expect(result.failures.map(\.code) == Array(repeating: .http(status: 503), count: 3))
        #expect(result.failures.allSatisfy { $0.url == mirrors[0] })
    }

    @Test func brokenTransferResumesWhereItWasCut() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("cut.iso", size: 3 << 20)
        let server = try await fixture.faultServer()
        let cut = 1_000_000

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [server.url("cut-\(cut)-1/cut.iso")], destination: fixture.incomplete("cut"),
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256 && result.resumed)
        #expect(result.failures.map(\.code) == [.network])
        #expect(result.bytesReceived == image.size)
        let requests = try await server.waitForRequests(2)
        #expect(requests.map(\.range) == [nil, "bytes=\(cut)-"])
        #expect(requests.map(\.status) == [200, 206])
        #expect(requests[0].bodyBytesSent == Int64(cut))
        // The whole file crossed the wire once, not once and a bit.
        #expect(requests.reduce(0) { $0 + $1.bodyBytesSent } == image.size)
    }

    @Test func linkThatBreaksButProgressesIsNotAbandoned() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("flaky.iso", size: 1_000_000)
        let server = try await fixture.faultServer()
        var settings = FetchFixture.settings(attempts: 2)
        settings.retry.progressResetBytes = 200_000

        // Three cuts in a row, each after 300 000 new bytes: more failures than attempts, but
        // every attempt moved the file forward.
        let result = try await ImageFetcher(settings: settings, sleeper: RecordingSleeper()).fetch(
            FetchRequest(
                mirrors: [server.url("cut-300000-3/flaky.iso")], destination: fixture.incomplete("flaky"),
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256 && result.attempts == 4)
        #expect(try await server.waitForRequests(4).map(\.rangeStart) == [nil, 300_000, 600_000, 900_000])
    }

    @Test func corruptMirrorIsReportedAndTheNextOneStartsFromZero() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("corrupt.iso", size: 1 << 20)
        let server = try await fixture.faultServer()
        let mirrors = [server.url("corrupt/corrupt.iso"), server.url("corrupt.iso")]
        let destination = fixture.incomplete("corrupt")

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: mirrors, destination: destination, expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.mirror == mirrors[1] && result.sha256 == image.sha256)
        #expect(result.failures.map(\.code) == [.checksumMismatch])
        #expect(result.failures[0].url == mirrors[0])
        #expect(result.failures[0].message.contains(mirrors[0].absoluteString))
        #expect(result.bytesReceived == 2 * image.size)
        #expect(contents(destination) == image.data)
        // Nothing of the bad bytes was resumed from.
        #expect(try await server.waitForRequests(2).map(\.range) == [nil, nil])
    }

    @Test func corruptOnlyMirrorLeavesNoFile() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("poison.iso", size: 500_000)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("poison")

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [server.url("corrupt/poison.iso")], destination: destination,
                        expectedSHA256: image.sha256))
            })

        #expect(error.code == .allMirrorsFailed)
        #expect(error.failures.map(\.code) == [.checksumMismatch])
        #expect(error.description.contains("corrupt/poison.iso"))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func stalledServerHitsTheLowSpeedTimeout() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("stall.iso", size: 1 << 20)
        let server = try await fixture.faultServer()
        var settings = FetchFixture.settings(attempts: 1)
        settings.lowSpeedLimit = 10_000
        settings.lowSpeedTime = .seconds(1)
        let destination = fixture.incomplete("stall")

        let started = ContinuousClock.now
        let error = try #require(
            await fetchError {
                try await ImageFetcher(settings: settings, sleeper: RecordingSleeper()).fetch(
                    FetchRequest(
                        mirrors: [server.url("stall-5000-1/stall.iso")], destination: destination,
                        expectedSize: image.size))
            })
        let elapsed = ContinuousClock.now - started

        // libcurl averages the speed over up to 5 s, so 5000 bytes then silence drop below
        // 10 kB/s within half a second; then 1 s below the limit.
        #expect(error.failures.map(\.code) == [.timeout])
        // The server would stall for 60 s; the bound leaves room for a loaded CI machine.
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(10), "gave up after \(elapsed)")
        // What arrived before the stall is kept for the next attempt.
        #expect(contents(destination) == image.data.prefixData(5000))
    }

    @Test func stalledTransferIsRetriedFromWhereItStopped() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("stall2.iso", size: 1 << 20)
        let server = try await fixture.faultServer()
        var settings = FetchFixture.settings(attempts: 2)
        settings.lowSpeedLimit = 10_000
        settings.lowSpeedTime = .seconds(1)

        let result = try await ImageFetcher(settings: settings, sleeper: RecordingSleeper()).fetch(
            FetchRequest(
                mirrors: [server.url("stall-5000-1/stall2.iso")], destination: fixture.incomplete("stall2"),
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.failures.map(\.code) == [.timeout])
        #expect(result.resumed && result.sha256 == image.sha256)
        #expect(try await server.waitForRequests(2).map(\.range) == [nil, "bytes=5000-"])
    }

    @Test func serverIgnoringRangesRestartsCleanlyFromZero() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("norange.iso", size: 2 << 20)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("norange")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try image.data.prefixData(1_000_000).write(to: URL(fileURLWithPath: destination))

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [server.url("norange/norange.iso")], destination: destination,
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        #expect(!result.resumed && result.resumedFromBytes == 0)
        #expect(result.bytesReceived == image.size)
        #expect(contents(destination) == image.data)
        let requests = try await server.waitForRequests(1)
        #expect(requests.count == 1)
        #expect(requests[0].range == "bytes=1000000-" && requests[0].status == 200)
    }

    @Test func incompleteFileLongerThanTheServersStartsOver() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("shorter.iso", size: 300_000)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("shorter")
        try FileManager.default.createDirectory(
            atPath: fixture.directory.appending("incomplete"), withIntermediateDirectories: true)
        try ImageGenerator.bytes(seed: 7, size: 500_000).write(to: URL(fileURLWithPath: destination))

        // No expected size: only the server's 416 reveals that the file is not a prefix.
        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [server.url("shorter.iso")], destination: destination))

        #expect(result.sha256 == image.sha256 && result.size == image.size)
        #expect(contents(destination) == image.data)
        #expect(try await server.waitForRequests(2).map(\.status) == [416, 200])
    }

    @Test func bodyLongerThanTheExpectedSizeIsCut() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("endless.iso", size: 1 << 20)
        let server = try await fixture.faultServer()
        let destination = fixture.incomplete("endless")

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [server.url("nolength/endless.iso")], destination: destination, expectedSize: 256 << 10
                    ))
            })

        #expect(error.failures.map(\.code) == [.tooLarge])
        #expect(error.failures[0].message.contains("more than the expected \(256 << 10) bytes"))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test func unreachableMirrorIsRetriedThenSkipped() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("up.iso", size: 100_000)
        let server = try await fixture.faultServer()
        let closedPort = try FreePort.next()
        let sleeper = RecordingSleeper()
        let mirrors = [URL(string: "http://127.0.0.1:\(closedPort)/up.iso")!, server.url("up.iso")]

        let result = try await FetchFixture.fetcher(attempts: 2, sleeper: sleeper).fetch(
            FetchRequest(
                mirrors: mirrors, destination: fixture.incomplete("up"), expectedSHA256: image.sha256))

        #expect(result.mirror == mirrors[1])
        #expect(result.failures.map(\.code) == [.network, .network])
        #expect(sleeper.delays.count == 1)
    }
}
