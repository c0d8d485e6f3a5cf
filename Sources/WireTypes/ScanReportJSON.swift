/// What a scan did, as `scan --json` prints it (and the API will answer it): the images added,
/// updated and found missing, the files it passed over and why, and what it hashed.
public struct ScanReportJSON: Codable, Sendable, Equatable {
    /// A file a scan did not catalog, and why.
    public struct Issue: Codable, Sendable, Hashable {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    public var added: [ImageJSON]
    public var updated: [ImageJSON]
    public var missing: [ImageJSON]
    public var unchanged: Int
    /// File names that tell no identity.
    public var unparseable: [Issue]
    /// Files of an identity already held at another path.
    public var duplicates: [Issue]
    public var skipped: [Issue]
    /// Files that could not be read.
    public var failed: [Issue]
    public var hashedFiles: Int
    public var hashedBytes: Int64
    /// Files whose size and time matched the last scan, so their checksum was not computed again.
    public var cachedFiles: Int
    /// How long the scan took, to the millisecond.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case added, updated, missing, unchanged, unparseable, duplicates, skipped, failed, seconds
        case hashedFiles = "hashed_files"
        case hashedBytes = "hashed_bytes"
        case cachedFiles = "cached_files"
    }

    public init(
        added: [ImageJSON], updated: [ImageJSON], missing: [ImageJSON], unchanged: Int, unparseable: [Issue],
        duplicates: [Issue], skipped: [Issue], failed: [Issue], hashedFiles: Int, hashedBytes: Int64,
        cachedFiles: Int, seconds: Double
    ) {
        self.added = added
        self.updated = updated
        self.missing = missing
        self.unchanged = unchanged
        self.unparseable = unparseable
        self.duplicates = duplicates
        self.skipped = skipped
        self.failed = failed
        self.hashedFiles = hashedFiles
        self.hashedBytes = hashedBytes
        self.cachedFiles = cachedFiles
        self.seconds = seconds
    }
}
