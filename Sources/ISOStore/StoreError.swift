/// Why the catalog store could not do what it was asked, with the path, id or key involved.
///
/// `code` is stable for callers that branch on it; `message` is one line for people; `cause` is
/// the underlying error (SQLite, the file system), printed after the message as a chain.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. Extensible: new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// The database could not be opened, created or migrated.
        public static let cannotOpen = Code("cannot open")
        /// No row has the id, path or key asked for.
        public static let notFound = Code("not found")
        /// The change would break a uniqueness rule (same path or same identity twice).
        public static let conflict = Code("conflict")
        /// A value does not fit the schema (negative size, malformed checksum, unparseable spec).
        public static let invalidValue = Code("invalid value")
        /// `inventory.json` could not be encoded or written.
        public static let inventory = Code("inventory")
        /// Any other SQLite failure.
        public static let database = Code("database")
    }

    public let code: Code
    /// One line naming what failed and on what.
    public let message: String
    /// What the store was told by SQLite or the file system, if anything.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message followed by its causes: `cannot write inventory …: No space left on device`.
    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
