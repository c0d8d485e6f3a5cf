/// A value computed at most once per ``lifetime``, for answers that are costly to compute and may
/// be a moment old (the fleet's holdings, the swarm's seeding figures). Only the first caller
/// waits for a computation: once a value exists, an expired one is still answered while a single
/// background refresh replaces it, so a slow computation never stalls busy pages.
public actor RecentValue<Value: Sendable> {
    let lifetime: Duration
    private let compute: @Sendable () async -> Value
    private var cached: (at: ContinuousClock.Instant, value: Value)?
    private var inFlight: Task<Value, Never>?

    public init(lifetime: Duration, _ compute: @escaping @Sendable () async -> Value) {
        self.lifetime = lifetime
        self.compute = compute
    }

    /// The cached value (refreshed in the background once older than ``lifetime``), or, before
    /// the first one, a fresh one.
    public func value() async -> Value {
        if let cached {
            if ContinuousClock.now - cached.at >= lifetime, inFlight == nil { _ = refresh() }
            return cached.value
        }
        return await (inFlight ?? refresh()).value
    }

    /// Drops the cached value after a change: the next caller waits for a fresh one.
    public func invalidate() {
        cached = nil
        inFlight = nil
    }

    private func refresh() -> Task<Value, Never> {
        let task = Task {
            let value = await compute()
            store(value)
            return value
        }
        inFlight = task
        return task
    }

    private func store(_ value: Value) {
        cached = (ContinuousClock.now, value)
        inFlight = nil
    }
}
