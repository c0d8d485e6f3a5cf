import Synchronization

/// Lets an action through at most once per interval (progress written to the store).
public final class ProgressThrottle: Sendable {
    private let interval: Duration
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    public init(interval: Duration) {
        self.interval = interval
    }

    /// True when the interval has passed since the last `true`.
    public func shouldFire() -> Bool {
        let now = ContinuousClock.now
        return last.withLock { last in
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
    }
}
