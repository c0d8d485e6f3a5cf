public import ISOStore

/// What `import DIR` did with each ISO file it found.
public struct ImportReport: Sendable {
    /// A file now in the repository and the catalog.
    public struct Imported: Sendable {
        /// Where it came from (an absolute path, or a URL for a remote import).
        public var from: String
        public var image: StoredImage
        public var outcome: PlacedFile.Outcome
        public var note: String?

        public init(from: String, image: StoredImage, outcome: PlacedFile.Outcome, note: String?) {
            self.from = from
            self.image = image
            self.outcome = outcome
            self.note = note
        }
    }

    /// A file that was not imported, and why.
    public struct Issue: Hashable, Sendable {
        /// Where it is (absolute).
        public var from: String
        public var reason: String

        public init(from: String, reason: String) {
            self.from = from
            self.reason = reason
        }
    }

    public var imported: [Imported] = []
    /// Names that yield no identity, hidden files, symbolic links, identities held elsewhere.
    public var skipped: [Issue] = []
    /// Collisions with a different file, read or write failures, files that changed mid-copy.
    public var failed: [Issue] = []

    public init() {}

    /// True when every ISO file found is now in the repository.
    public var isComplete: Bool { skipped.isEmpty && failed.isEmpty }
}
