/// Why an update run could not run at all. (Failures of single fetches are in the report.)
public struct UpdateError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// Another run is in progress (in this process or another on the same data directory).
        public static let busy = Code("busy")
        /// No good manifest is held and none could be fetched; `manifestFailure` says why.
        public static let noManifest = Code("no manifest")
        /// The store could not be read or written.
        public static let store = Code("store")
        /// The data directory or repository could not be prepared.
        public static let io = Code("io")
    }

    public let code: Code
    public let message: String
    /// For `noManifest`: the synchronisation's failure (invalid, unreachable, not configured).
    public let manifestFailure: ManifestSyncFailure?

    public init(_ code: Code, _ message: String, manifestFailure: ManifestSyncFailure? = nil) {
        self.code = code
        self.message = message
        self.manifestFailure = manifestFailure
    }

    public var description: String { message }
}
