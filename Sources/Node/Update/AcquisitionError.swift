/// Why an acquirer could not bring an image.
public struct AcquisitionError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// This acquirer has no usable source for the image (no mirror, no torrent).
        public static let unsupported = Code("unsupported")
        /// Every source was tried and failed (network, HTTP, bad bytes): the next acquirer may try.
        public static let failed = Code("failed")
        /// The swarm made no progress for too long: the next acquirer (the origin) takes over.
        public static let stalled = Code("stalled")
        /// The local file could not be written: no other acquirer would do better.
        public static let io = Code("io")
        /// The run was cancelled; the incomplete file is kept for a later resume.
        public static let cancelled = Code("cancelled")
    }

    public let code: Code
    /// One line naming the image and the sources that failed.
    public let message: String
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// True when another acquirer should not be tried after this one.
    public var stopsTheFetch: Bool { code == .io || code == .cancelled }
}
