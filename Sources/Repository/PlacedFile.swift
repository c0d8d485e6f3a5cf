public import ISOStore

/// A file now at its path in the repository, with what was learned on the way.
public struct PlacedFile: Hashable, Sendable {
    /// How it got there.
    public enum Outcome: String, Hashable, Sendable {
        case copied, moved, linked
        /// The file was already at the path (same inode, or identical bytes).
        case alreadyPresent = "already_present"
    }

    /// Path relative to the repository root.
    public var relativePath: String
    public var size: Int64
    public var sha256: String
    /// Size and mtime of the placed file, for the checksum cache.
    public var stamp: FileStamp
    public var outcome: Outcome
    /// Something the operator should know, e.g. a hard link that became a copy.
    public var note: String?
}
