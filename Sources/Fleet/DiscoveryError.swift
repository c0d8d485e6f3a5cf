public import Common

/// Why discovery could not list peers; the message names the endpoint, action or name involved.
public typealias DiscoveryError = CodedError<DiscoveryFailure>

/// Discovery's ``ErrorDomain``: prints as `code: message`.
public enum DiscoveryFailure: ErrorDomain {
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String {
        "\(code): \(message)"
    }
}

extension ErrorCode where Domain == DiscoveryFailure {
    /// The configuration is incomplete or malformed (a missing key, a bad `host:port`).
    public static var configuration: Self { Self("configuration") }
    /// A name did not resolve.
    public static var resolution: Self { Self("resolution") }
    /// The endpoint could not be reached or the transfer failed.
    public static var transport: Self { Self("transport") }
    /// The instance metadata service refused or answered something unusable.
    public static var metadata: Self { Self("metadata") }
    /// An AWS API call was refused (the AWS error code is in the message).
    public static var refused: Self { Self("refused") }
    /// A response could not be understood.
    public static var badResponse: Self { Self("badResponse") }
}
