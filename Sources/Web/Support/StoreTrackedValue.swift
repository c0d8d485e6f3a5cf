import Common

/// A value computed from the store (and a few live figures), kept while the store's change counter
/// (``ISOStore/CatalogStore/changeCounter()``) is unchanged: after any commit — by the daemon, a
/// CLI process on the same data directory, a peer's action — the next caller waits for a fresh
/// value, so nothing served predates a change (issue 13, item 3). While the counter holds still,
/// a value older than ``lifetime`` (its live parts: seeding figures, additions, the fleet) is
/// still answered while a single background refresh replaces it.
actor StoreTrackedValue<Value: Sendable> {
    let lifetime: Duration
    private let changeCounter: @Sendable () -> UInt64
    private let compute: @Sendable () async -> Value
    private var cached: (change: UInt64, at: ContinuousClock.Instant, value: Value)?
    private var inFlight: (change: UInt64, generation: UInt64, task: Task<Value, Never>)?
    /// Bumped by ``invalidate()``: a computation started before it may have read the store as it
    /// was before the change, so its result is not kept.
    private var generation: UInt64 = 0

    init(
        lifetime: Duration, changeCounter: @escaping @Sendable () -> UInt64,
        _ compute: @escaping @Sendable () async -> Value
    ) {
        self.lifetime = lifetime
        self.changeCounter = changeCounter
        self.compute = compute
    }

    /// The value for the store as it is now. The counter is read before the computation starts,
    /// so a commit during it only makes the next caller compute again.
    func value() async -> Value {
        let change = changeCounter()
        if let cached, cached.change == change {
            if ContinuousClock.now - cached.at >= lifetime, inFlight == nil { _ = refresh(change) }
            return cached.value
        }
        if let inFlight, inFlight.change == change, inFlight.generation == generation {
            return await inFlight.task.value
        }
        return await refresh(change).value
    }

    /// Drops the cached value: the next caller waits for a fresh one, and the result of a
    /// computation already running is not kept.
    func invalidate() {
        generation &+= 1
        cached = nil
        inFlight = nil
    }

    private func refresh(_ change: UInt64) -> Task<Value, Never> {
        let compute = compute
        let generation = generation
        let task = Task {
            let value = await compute()
            store(value, change: change, generation: generation)
            return value
        }
        inFlight = (change, generation, task)
        return task
    }

    private func store(_ value: Value, change: UInt64, generation: UInt64) {
        if inFlight?.change == change, inFlight?.generation == generation { inFlight = nil }
        guard generation == self.generation else { return }
        if let cached, cached.change > change { return }
        cached = (change, ContinuousClock.now, value)
    }
}
