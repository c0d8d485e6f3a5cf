/// An AWS access key, with the session token of temporary (instance-role) credentials.
public struct AWSCredentials: Sendable, Equatable {
    /// `AKIA…` / `ASIA…`.
    public var accessKeyID: String
    /// The secret libcurl signs with; never logged.
    public var secretAccessKey: String
    /// Sent as `x-amz-security-token` when present.
    public var sessionToken: String?

    /// Credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, or nil when the first
    /// two are not both set (then the instance role's credentials from IMDS are used).
    public static func fromEnvironment(_ environment: [String: String]) -> Self? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        let token = environment["AWS_SESSION_TOKEN"]
        return Self(accessKeyID: key, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil)
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// The key id only: the secret and token never reach a log through string interpolation.
    public var description: String {
        "AWSCredentials(\(accessKeyID), secret redacted\(sessionToken == nil ? "" : ", session token redacted"))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
}
