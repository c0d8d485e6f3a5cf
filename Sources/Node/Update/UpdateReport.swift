public import ISOCatalog

/// What an update run did.
public struct UpdateReport: Sendable {
    /// The manifest synchronisation at the start of the run.
    public var manifest: ManifestSyncResult
    /// The plan made before fetching.
    public var plan: UpdatePlan
    public var fetched: [FetchedImage]
    public var failed: [FailedFetch]
    /// Images deleted (decided after the fetches, so that replacements count as present).
    public var deleted: [PlannedEntry]
    /// Planned deletions that were not carried out, with the reason (path check, file system).
    public var deletionFailures: [PlannedEntry]
    /// Held images kept, each with its reason.
    public var kept: [PlannedEntry]
    /// Best images that cannot be fetched (layout refuses, no source, path taken).
    public var skipped: [PlannedEntry]
    /// What the run could not do for a selection while the rest succeeded (``UpdateWarnings``).
    public var warnings: [UpdateWarning] = []

    public init(
        manifest: ManifestSyncResult, plan: UpdatePlan, fetched: [FetchedImage] = [], failed: [FailedFetch] = [],
        deleted: [PlannedEntry] = [], deletionFailures: [PlannedEntry] = [], kept: [PlannedEntry] = [],
        skipped: [PlannedEntry] = []
    ) {
        self.manifest = manifest
        self.plan = plan
        self.fetched = fetched
        self.failed = failed
        self.deleted = deleted
        self.deletionFailures = deletionFailures
        self.kept = kept
        self.skipped = skipped
    }

    /// True when every planned fetch and deletion succeeded (warnings or not).
    public var succeeded: Bool { failed.isEmpty && deletionFailures.isEmpty }

    /// `succeeded`, `succeeded with warnings` (every fetch and deletion done, but a selection
    /// unresolved, an image skipped or a source unreachable: ``warnings``), or `partial` (some fetch
    /// or deletion failed). The exit code of `update` is 0 for the first two, 1 for `partial`.
    public var outcome: String {
        guard succeeded else { return "partial" }
        return warnings.isEmpty ? "succeeded" : Self.succeededWithWarnings
    }

    /// The outcome of a run that did all it planned but has ``warnings``.
    public static let succeededWithWarnings = "succeeded with warnings"
}
