extension CatalogStore {
    /// The store's change counter: it grows whenever a commit by any connection — this process's,
    /// a CLI process's on the same data directory — happened since the previous call. Caches of what
    /// the store holds (the page, `GET /api/v1/images`) keep a value only while it is unchanged.
    /// Cheap (one `PRAGMA data_version` on a dedicated read-only connection); process-local, from 1.
    public func changeCounter() -> UInt64 { changeWatch.counter() }
}
