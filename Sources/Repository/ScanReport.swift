public import ISOStore

/// What a scan of the repository found and did.
public struct ScanReport: Sendable {
    /// A file the scan did not add, and why.
    public struct Issue: Hashable, Sendable, Codable {
        /// Path relative to the repository root.
        public var path: String
        public var reason: String
    }

    /// Images found for the first time and added (source `scan`).
    public var added: [StoredImage] = []
    /// Known images whose file changed (new checksum), reappeared, or moved to another path.
    public var updated: [StoredImage] = []
    /// Known images whose file is as it was.
    public var unchanged = 0
    /// Known images whose file is gone; now marked `missing`.
    public var missing: [StoredImage] = []
    /// ISO files whose name yields no identity.
    public var unparseable: [Issue] = []
    /// ISO files whose identity is already held at another path that still exists.
    public var duplicates: [Issue] = []
    /// Symbolic links and hidden files, not considered.
    public var skipped: [Issue] = []
    /// Files or directories that could not be read or hashed.
    public var failed: [Issue] = []
    /// Files hashed in this scan, and their bytes.
    public var hashedFiles = 0
    public var hashedBytes: Int64 = 0
    /// Files whose checksum was taken from the store (same size and mtime).
    public var cachedFiles = 0
    public var duration: Duration = .zero

    public init() {}
}
