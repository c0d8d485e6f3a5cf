import Synchronization

/// The parts of one multipart upload, shared by the threads sending them: which part goes next,
/// the ETags S3 gave, the bytes sent so far, and the first failure, which stops every thread.
final class S3PartSchedule: Sendable {
    private struct State {
        var next = 0
        var etags: [String?]
        var sent: [Int64]
        var failure: FetchError?
    }

    private let state: Mutex<State>

    init(partCount: Int) {
        state = Mutex(
            State(etags: Array(repeating: nil, count: partCount), sent: Array(repeating: 0, count: partCount)))
    }

    /// The index of the next part to send, nil when every part is taken or the upload failed.
    func take() -> Int? {
        state.withLock { state in
            guard state.failure == nil, state.next < state.etags.count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Part `index` landed with `etag`.
    func finished(_ index: Int, etag: String) {
        state.withLock { $0.etags[index] = etag }
    }

    /// Records the upload's failure (the first one wins); the other threads stop after their part.
    func fail(_ error: FetchError) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
    }

    /// Records that `sent` bytes of part `index` are out and tells `progress` the upload's total,
    /// one call at a time; false when the upload has failed or `progress` cancels it. A part sent
    /// again after a network failure counts from where it got before, so the total never goes back.
    func report(_ index: Int, sent: Int64, to progress: (Int64) -> Bool) -> Bool {
        state.withLock { state in
            guard state.failure == nil else { return false }
            state.sent[index] = max(state.sent[index], sent)
            return progress(state.sent.reduce(0, +))
        }
    }

    /// The failure, or every part's ETag in order once all have landed.
    func outcome() -> Result<[String], FetchError> {
        state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            return .success(state.etags.map { $0 ?? "" })
        }
    }
}
