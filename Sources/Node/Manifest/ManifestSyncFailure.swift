/// Why a manifest synchronisation did not produce a new good manifest. The last good manifest is
/// kept in every case.
public struct ManifestSyncFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// The document was fetched but is not a valid manifest (design §3): invalid input.
        public static let invalid = Code("invalid")
        /// The manifest could not be fetched (network, HTTP status, missing file): a runtime failure.
        public static let unreachable = Code("unreachable")
        /// No `manifest.url` is configured (or it is not a usable URL): invalid input.
        public static let notConfigured = Code("not-configured")
        /// The store could not record the result.
        public static let store = Code("store")
    }

    public let code: Code
    /// The manifest URL, when known.
    public let url: String?
    /// One line naming the URL and, for an invalid manifest, the image and field.
    public let message: String

    public init(_ code: Code, url: String?, _ message: String) {
        self.code = code
        self.url = url
        self.message = message
    }

    public var description: String { message }
}
