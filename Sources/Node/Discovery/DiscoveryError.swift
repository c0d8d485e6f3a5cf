/// Why discovery could not list peers; the message names the endpoint, action or name involved.
public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// The configuration is incomplete or malformed (a missing key, a bad `host:port`).
        case configuration
        /// A name did not resolve.
        case resolution
        /// The endpoint could not be reached or the transfer failed.
        case transport
        /// The instance metadata service refused or answered something unusable.
        case metadata
        /// An AWS API call was refused (the AWS error code is in the message).
        case refused
        /// A response could not be understood.
        case badResponse
    }

    /// The kind of failure.
    public let code: Code
    /// One line naming what failed and where.
    public let message: String

    /// An error of `code` with `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
