import Common

/// ``StoreTrackedValue``s by key, at most ``capacity`` of them: the least recently asked is dropped
/// to make room (issue 15, item 2). For answers keyed by something a client sends (the images page,
/// the `Host`), so that no sequence of requests grows the cache past its size.
actor BoundedRecentValues<Key: Hashable & Sendable, Value: Sendable> {
    let lifetime: Duration
    let capacity: Int
    private let changeCounter: @Sendable () -> UInt64
    private let compute: @Sendable (Key) async -> Value
    private var values: [Key: StoreTrackedValue<Value>] = [:]
    /// Keys from least to most recently asked.
    private var order: [Key] = []

    /// - Parameter changeCounter: the store's change counter; a value is kept only while it holds.
    init(
        lifetime: Duration, capacity: Int, changeCounter: @escaping @Sendable () -> UInt64,
        _ compute: @escaping @Sendable (Key) async -> Value
    ) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
        self.changeCounter = changeCounter
        self.compute = compute
    }

    /// The value for `key` as the store is now.
    func value(for key: Key) async -> Value {
        if let recent = values[key] {
            if order.last != key, let index = order.firstIndex(of: key) {
                order.remove(at: index)
                order.append(key)
            }
            return await recent.value()
        }
        let compute = compute
        let recent = StoreTrackedValue(lifetime: lifetime, changeCounter: changeCounter) { await compute(key) }
        values[key] = recent
        order.append(key)
        while order.count > capacity { values[order.removeFirst()] = nil }
        return await recent.value()
    }

    /// Drops every cached value after a change.
    func invalidate() {
        values = [:]
        order = []
    }

    /// How many values are cached (at most ``capacity``).
    var count: Int { values.count }
}
