public import Common

/// Why an acquirer could not bring an image; the message names the image and the sources that failed.
public typealias AcquisitionError = CodedError<AcquisitionFailure>

/// The acquirers' ``ErrorDomain``: the message alone is printed (it already names the causes).
public enum AcquisitionFailure: ErrorDomain {
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String { message }
}

extension ErrorCode where Domain == AcquisitionFailure {
    /// This acquirer has no usable source for the image (no mirror, no torrent).
    public static var unsupported: Self { Self("unsupported") }
    /// Every source was tried and failed (network, HTTP, bad bytes): the next acquirer may try.
    public static var failed: Self { Self("failed") }
    /// The swarm made no progress for too long: the next acquirer (the origin) takes over.
    public static var stalled: Self { Self("stalled") }
    /// The local file could not be written: no other acquirer would do better.
    public static var io: Self { Self("io") }
    /// The run was cancelled; the incomplete file is kept for a later resume.
    public static var cancelled: Self { Self("cancelled") }
}

extension CodedError where Domain == AcquisitionFailure {
    /// True when another acquirer should not be tried after this one.
    public var stopsTheFetch: Bool { code == .io || code == .cancelled }
}
