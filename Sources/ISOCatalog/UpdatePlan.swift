/// What an update run will do (design §7), as `update --dry-run --json` prints it:
/// `{"fetch": [{identity…, "path", "source"}], "delete": [{identity…, "path", "reason"}],
///   "keep": [{identity…, "path", "reason"}], "skip": [{identity…, "path", "reason"}],
///   "unresolved": ["SPEC: why"]}`.
///
/// Every held image appears exactly once in `delete` or `keep`. Lists are sorted by path.
public struct UpdatePlan: Hashable, Sendable, Codable {
    /// Best images not held yet.
    public var fetch: [PlannedFetch]
    /// Held images to delete now.
    public var delete: [PlannedEntry]
    /// Held images to keep, each with the rule that keeps it.
    public var keep: [PlannedEntry]
    /// Best images that cannot be fetched: the layout refuses their path, or they have no source.
    public var skip: [PlannedEntry]
    /// Selections that resolve to nothing, with the reason.
    public var unresolved: [String]

    public init(
        fetch: [PlannedFetch] = [], delete: [PlannedEntry] = [], keep: [PlannedEntry] = [],
        skip: [PlannedEntry] = [], unresolved: [String] = []
    ) {
        self.fetch = fetch
        self.delete = delete
        self.keep = keep
        self.skip = skip
        self.unresolved = unresolved
    }

    /// True when the run has nothing to fetch or delete.
    public var isEmpty: Bool { fetch.isEmpty && delete.isEmpty }
}
