public import Common

/// Why adding a source (`isofleet add`, `POST /api/v1/add`) failed, naming the source or file.
/// The code picks the exit code or HTTP status: `invalidInput` exit 2 / 400, `notFound` 404, `conflict` 409,
/// `unavailable` 503, `failure` exit 1 / 500.
public typealias IngestError = CodedError<IngestFailure>

/// Ingest's ``ErrorDomain``: the message alone is printed.
public enum IngestFailure: ErrorDomain {
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String { message }
}

extension ErrorCode where Domain == IngestFailure {
    /// Not a magnet link, a `.torrent` or an http(s) URL, or a `.torrent` that does not parse.
    public static var invalidInput: Self { Self("invalidInput") }
    /// No such addition (``ImageIngest/cancel(id:)``).
    public static var notFound: Self { Self("notFound") }
    /// Something already sits where the image would go.
    public static var conflict: Self { Self("conflict") }
    /// The node has no swarm session for a magnet link or `.torrent`.
    public static var unavailable: Self { Self("unavailable") }
    /// Network, disk, verification or store failure.
    public static var failure: Self { Self("failure") }
}
