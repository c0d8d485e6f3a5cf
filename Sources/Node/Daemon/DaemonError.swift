/// Why the daemon could not start or a daemon-side operation failed, naming the file or setting.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// Another `isofleet serve` holds the data directory.
        public static let alreadyRunning = Code("already running")
        /// A setting or address that cannot be used.
        public static let invalidInput = Code("invalid input")
        /// A file could not be read, written or locked.
        public static let io = Code("io")
        /// The node is stopping (scale-in or SIGTERM) and takes no new work; the web API answers 503.
        public static let draining = Code("draining")
    }

    public let code: Code
    public let message: String
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
