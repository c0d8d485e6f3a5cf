import Fetch
import Foundation
import TestSupport
import Testing

/// Cancelling the task aborts the transfer promptly, keeps the bytes for a resume, and also
/// interrupts a pause between retries.
@Suite(.timeLimit(.minutes(1)))
struct CancellationTests {
    @Test func cancellingTheTaskAbortsATransferPromptly() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("long.iso", size: 8 << 20)
        let nginx = try await fixture.nginx(limitRate: 256 << 10)
        let destination = fixture.incomplete("long")
        let log = ProgressLog()

        let task = Task {
            try await FetchFixture.fetcher().fetch(
                FetchRequest(mirrors: [nginx.url(image.name)], destination: destination, expectedSize: image.size),
                progress: log.callback)
        }
        _ = try await Poll.until(timeout: .seconds(5), "bytes to arrive") {
            (log.all.last?.bytesDone ?? 0) > 100_000 ? true : nil
        }
        let cancelled = ContinuousClock.now
        task.cancel()
        let outcome = await task.result
        let elapsed = ContinuousClock.now - cancelled

        let error = try #require(outcome.failure(as: FetchError.self))
        #expect(error.code == .cancelled)
        // The rest of the transfer would take ~30 s at this rate; "promptly" with room for a loaded machine.
        #expect(elapsed < .seconds(10), "took \(elapsed) to stop")
        // The bytes so far stay for a later resume.
        let kept = try #require(contents(destination))
        #expect(kept.count > 100_000 && kept.count < image.data.count)
        #expect(kept == image.data.prefixData(kept.count))
    }

    @Test func cancellingDuringARetryPauseStopsAtOnce() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("pause.iso", size: 1000)
        let server = try await fixture.faultServer()
        var settings = FetchFixture.settings(attempts: 5)
        settings.retry.initialDelay = .seconds(30)

        let task = Task {
            try await ImageFetcher(settings: settings).fetch(
                FetchRequest(
                    mirrors: [server.url("status-500-9/pause.iso")], destination: fixture.incomplete("pause")))
        }
        _ = try await server.waitForRequests(1)
        try await Task.sleep(for: .milliseconds(100))
        let cancelled = ContinuousClock.now
        task.cancel()
        let error = try #require(await task.result.failure(as: FetchError.self))
        #expect(error.code == .cancelled)
        // The pause would last 30 s; well under it proves the pause was interrupted.
        let elapsed = ContinuousClock.now - cancelled
        #expect(elapsed < .seconds(10), "took \(elapsed) to stop")
    }
}

extension Result {
    /// The failure as `E`, nil on success or another error type.
    func failure<E: Error>(as type: E.Type) -> E? {
        if case .failure(let error) = self { return error as? E }
        return nil
    }
}
