import Fetch
import Synchronization

/// A sleeper that records the pauses asked for and returns at once (still honouring cancellation).
final class RecordingSleeper: FetchSleeper {
    private let recorded = Mutex<[Duration]>([])

    var delays: [Duration] { recorded.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        recorded.withLock { $0.append(duration) }
        try Task.checkCancellation()
    }
}
