/// Why adding a source (`isofleet add`, `POST /api/v1/add`) failed, naming the source or file.
///
/// `code` picks the exit code or HTTP status: `invalidInput` exit 2 / 400, `conflict` 409,
/// `unavailable` 503, `failure` exit 1 / 500.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// Not a magnet link, a `.torrent` or an http(s) URL, or a `.torrent` that does not parse.
        case invalidInput
        /// Something already sits where the image would go.
        case conflict
        /// The node has no swarm session for a magnet link or `.torrent`.
        case unavailable
        /// Network, disk, verification or store failure.
        case failure
    }

    public let code: Code
    /// One line naming what is wrong.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
