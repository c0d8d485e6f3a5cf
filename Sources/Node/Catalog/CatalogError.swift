/// Why a catalog operation (scan, import, add, remove) failed, naming the file or entry involved.
///
/// `code` tells the command line which exit code applies: `invalidInput` is the caller's mistake
/// (exit 2), everything else a runtime failure (exit 1).
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// A bad argument, file name, identity or JSON document.
        public static let invalidInput = Code("invalid input")
        /// A different file already sits where this one should go, or the identity is held elsewhere.
        public static let conflict = Code("conflict")
        /// A checksum did not match.
        public static let verification = Code("verification")
        /// No such file, image or selection.
        public static let notFound = Code("not found")
        /// Reading, writing, linking or renaming failed.
        public static let io = Code("io")
        /// The catalog database failed.
        public static let store = Code("store")
    }

    public let code: Code
    /// One line naming what failed and on what.
    public let message: String
    /// The underlying error, if any.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message followed by its cause.
    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
