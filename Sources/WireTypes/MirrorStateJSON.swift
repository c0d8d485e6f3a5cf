/// Where a mirror stands (`MirrorJSON.state`).
public enum MirrorStateJSON: String, Codable, Sendable, Hashable, CaseIterable {
    /// Holds exactly the repository's images and `inventory.json`.
    case inSync = "in_sync"
    /// Lacks images the repository holds (`behind` of them) and no sync runs now: the repository
    /// changed since the last sync, or no sync has run yet.
    case behind
    /// The last sync failed for the mirror (`reason`) or for some images (`failures`); retried
    /// after the next update run.
    case failing
    /// A sync runs now (`progress`).
    case syncing
    /// Another node of the fleet holds the mirror's lease (`leased_by` until `leased_until`) and
    /// keeps it in sync; this node skipped it.
    case leased
}
