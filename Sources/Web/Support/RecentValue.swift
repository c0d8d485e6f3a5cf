/// A value computed at most once per ``lifetime``: callers within the lifetime get the cached
/// value, concurrent callers after it share one computation. For answers that are costly to
/// compute and may be a moment old: the fleet's holdings, the swarm's seeding figures.
actor RecentValue<Value: Sendable> {
    let lifetime: Duration
    private let compute: @Sendable () async -> Value
    private var cached: (at: ContinuousClock.Instant, value: Value)?
    private var inFlight: Task<Value, Never>?

    init(lifetime: Duration, _ compute: @escaping @Sendable () async -> Value) {
        self.lifetime = lifetime
        self.compute = compute
    }

    /// The cached value while younger than ``lifetime``, else a fresh one.
    func value() async -> Value {
        if let cached, ContinuousClock.now - cached.at < lifetime { return cached.value }
        if let inFlight { return await inFlight.value }
        let task = Task { await compute() }
        inFlight = task
        let value = await task.value
        cached = (ContinuousClock.now, value)
        inFlight = nil
        return value
    }
}
