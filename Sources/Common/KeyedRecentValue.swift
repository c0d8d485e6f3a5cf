/// ``RecentValue``s by key, created on first use: a recent value per request variant (the images
/// JSON per base URL, which its `url` fields depend on).
public actor KeyedRecentValue<Key: Hashable & Sendable, Value: Sendable> {
    let lifetime: Duration
    private let compute: @Sendable (Key) async -> Value
    private var values: [Key: RecentValue<Value>] = [:]

    public init(lifetime: Duration, _ compute: @escaping @Sendable (Key) async -> Value) {
        self.lifetime = lifetime
        self.compute = compute
    }

    /// The recent value for `key`.
    public func value(for key: Key) async -> Value {
        if let recent = values[key] { return await recent.value() }
        let compute = compute
        let recent = RecentValue(lifetime: lifetime) { await compute(key) }
        values[key] = recent
        return await recent.value()
    }

    /// Drops every cached value after a change.
    public func invalidate() {
        values = [:]
    }
}
