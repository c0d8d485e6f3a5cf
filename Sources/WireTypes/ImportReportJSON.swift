/// What importing a folder did, as `import --json` prints it: each image brought in (with
/// `from`, `outcome` and `note` beside its fields), and the files skipped or failed, with why.
public struct ImportReportJSON: Codable, Sendable, Equatable {
    /// A file not imported, and why.
    public struct Issue: Codable, Sendable, Hashable {
        public var from: String
        public var reason: String

        public init(from: String, reason: String) {
            self.from = from
            self.reason = reason
        }
    }

    /// Each with the extra fields `from`, `outcome` (`copied`, `moved`, `linked`,
    /// `already_present`) and `note`.
    public var imported: [ImageJSON]
    public var skipped: [Issue]
    public var failed: [Issue]

    public init(imported: [ImageJSON], skipped: [Issue], failed: [Issue]) {
        self.imported = imported
        self.skipped = skipped
        self.failed = failed
    }
}
