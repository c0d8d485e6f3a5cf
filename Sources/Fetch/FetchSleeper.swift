/// Waits between retries. Injected so that tests run the retry policy without waiting for real.
public protocol FetchSleeper: Sendable {
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Sleeps on the task's clock (`Task.sleep`), cancellable.
public struct TaskSleeper: FetchSleeper {
    public init() {}

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
