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

    /// True when every planned fetch and deletion succeeded.
    public var succeeded: Bool { failed.isEmpty && deletionFailures.isEmpty }
}
