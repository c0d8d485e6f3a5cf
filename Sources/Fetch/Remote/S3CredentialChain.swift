public import Foundation
import Synchronization

/// The AWS credential chain, in the order the AWS SDKs use: the environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then the instance role
/// through IMDSv2, then anonymous (unsigned requests, for public buckets).
///
/// Role credentials are cached and read again ``refreshMargin`` before their `Expiration`, and
/// when S3 rejects them as expired (``invalidate(_:)``). An instance without a metadata service or
/// without a role signs nothing; that answer is remembered for ``noRoleRetry`` so that a machine
/// off EC2 does not wait for IMDS before every request. Thread-safe; ``current()`` blocks while it
/// reads IMDS (call it on a transfer thread). Secrets never appear in messages.
public final class S3CredentialChain: Sendable {
    /// How long before `Expiration` role credentials are read again.
    public static let refreshMargin: TimeInterval = 5 * 60
    /// How long a "no role here" answer is believed.
    public static let noRoleRetry: Duration = .seconds(60)
    /// How often role credentials without an `Expiration` are read again.
    static let refreshWithoutExpiration: TimeInterval = 15 * 60

    private let environmentCredentials: AWSCredentials?
    private let roleReader: S3InstanceRoleReader?

    private struct RoleState {
        var credentials: AWSCredentials?
        var role: String?
        /// Read IMDS again from this moment (wall clock, as `Expiration` is).
        var refreshAt: Date = .distantPast
        var expiration: Date?
        var noRoleUntil: ContinuousClock.Instant?
        var noRoleReason: String?
    }

    private let state = Mutex(RoleState())

    /// - Parameters:
    ///   - environment: where `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` are read.
    ///   - instanceMetadata: the IMDSv2 base URL (`aws.imds_endpoint`); nil skips the instance role.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        instanceMetadata: URL? = URL(string: "http://169.254.169.254")
    ) {
        environmentCredentials = AWSCredentials.fromEnvironment(environment)
        roleReader = instanceMetadata.map { S3InstanceRoleReader(endpoint: $0) }
    }

    /// The credentials to sign with now; nil means anonymous (unsigned requests).
    /// - Throws: ``FetchError`` `.network` when IMDS has a role but its credentials cannot be read
    ///   and no unexpired ones are cached.
    public func current() throws(FetchError) -> AWSCredentials? {
        if let environmentCredentials { return environmentCredentials }
        guard let roleReader else { return nil }
        return try state.withLock { state throws(FetchError) -> AWSCredentials? in
            let now = Date()
            if let credentials = state.credentials, now < state.refreshAt { return credentials }
            if state.credentials == nil, let until = state.noRoleUntil, ContinuousClock.now < until { return nil }
            let answer: S3InstanceRoleReader.Answer
            do throws(FetchError) {
                answer = try roleReader.read()
            } catch {
                // A hiccup of IMDS: credentials that have not expired yet still sign.
                if let credentials = state.credentials, now < state.expiration ?? .distantPast { return credentials }
                throw error
            }
            switch answer {
            case .noRole(let reason):
                state = RoleState(noRoleUntil: ContinuousClock.now + Self.noRoleRetry, noRoleReason: reason)
                return nil
            case .credentials(let credentials, let role, let expiration):
                let refreshAt =
                    expiration.map { $0.addingTimeInterval(-Self.refreshMargin) }
                    ?? now.addingTimeInterval(Self.refreshWithoutExpiration)
                state = RoleState(credentials: credentials, role: role, refreshAt: refreshAt, expiration: expiration)
                return credentials
            }
        }
    }

    /// Forgets `credentials` after S3 rejected them as expired or unknown, when they are the
    /// instance role's cached ones: the next ``current()`` reads IMDS again. Returns true when it
    /// did (a retry may succeed), false for environment credentials (a retry would not help).
    @discardableResult
    public func invalidate(_ credentials: AWSCredentials) -> Bool {
        guard environmentCredentials == nil, roleReader != nil else { return false }
        return state.withLock { state in
            guard state.credentials == credentials else { return state.credentials != nil }
            state.refreshAt = .distantPast
            state.expiration = nil
            return true
        }
    }

    /// Where the credentials come from, for messages: `the environment's AWS_ACCESS_KEY_ID`,
    /// `instance role NAME`, or `no credentials (anonymous)`.
    public var source: String {
        if environmentCredentials != nil { return "credentials from the environment (AWS_ACCESS_KEY_ID)" }
        return state.withLock { state in
            if let role = state.role, state.credentials != nil { return "instance role \(role)" }
            return "no credentials (anonymous" + (state.noRoleReason.map { ": \($0))" } ?? ")")
        }
    }
}
