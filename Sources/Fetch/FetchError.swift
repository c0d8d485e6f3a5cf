public import Foundation

/// Why a fetch failed: a code to branch on, the URL concerned, and a message saying what happened.
///
/// When every mirror has failed, the error has the code ``Code/allMirrorsFailed`` and ``failures``
/// lists each mirror's own failures in the order they happened.
public struct FetchError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Code: Hashable, Sendable {
        /// The server answered with an HTTP status that is not a success (after redirects).
        case http(status: Int)
        /// No connection within the connect timeout, or the transfer ran below the low-speed limit.
        case timeout
        /// Name resolution, connection, or the connection broke mid-transfer.
        case network
        /// TLS handshake or certificate verification failed.
        case tls
        /// The received bytes do not hash to the expected SHA-256.
        case checksumMismatch
        /// The server announced or sent more bytes than the expected size (or the cap).
        case tooLarge
        /// The mirror's average rate stayed below ``FetchSettings/minimumRate`` over a whole
        /// ``FetchSettings/minimumRateWindow``: it is abandoned for the next mirror, which continues
        /// the bytes received so far.
        case tooSlow
        /// The server announced a smaller size than expected.
        case sizeMismatch
        /// The response breaks HTTP: wrong `Content-Range`, too many redirects, an unexpected status.
        case badResponse
        /// The task was cancelled; the incomplete file is kept for a later resume.
        case cancelled
        /// A local file could not be opened, read, written or synced.
        case io
        /// The request itself is unusable: no mirror, an unsupported URL scheme, a malformed digest.
        case invalidRequest
        /// A connection's host or address is not allowed by ``FetchSettings/hostPolicy``
        /// (`fetch.allow_hosts`); the mirror is skipped, never retried.
        case hostRefused
        /// Remote storage refused the credentials or the operation (S3 403, SMB `EACCES`, NFS
        /// `EPERM`/`EACCES`): not retried, the next mirror is tried.
        case accessDenied
        /// The remote file, folder, bucket or share does not exist.
        case notFound
        /// The remote storage has no room left (`ENOSPC`, `EDQUOT`).
        case noSpace
        /// Every mirror failed; see ``FetchError/failures``.
        case allMirrorsFailed
    }

    /// What kind of failure this is.
    public let code: Code
    /// The URL (or `file://` path) the failure concerns, when there is one.
    public let url: URL?
    /// What happened, naming the URL.
    public let message: String
    /// For ``Code/allMirrorsFailed``: every failure met on the way, oldest first.
    public let failures: [FetchError]

    public init(_ code: Code, url: URL?, _ message: String, failures: [FetchError] = []) {
        self.code = code
        self.url = url
        self.message = message
        self.failures = failures
    }

    /// One line: the message, then each mirror's failures for an aggregate.
    public var description: String {
        guard !failures.isEmpty else { return message }
        return message + ": " + failures.map(\.message).joined(separator: "; ")
    }

    /// True when trying the same URL again may succeed: timeouts, broken connections, HTTP 408,
    /// 429 and 5xx.
    public var isRetryable: Bool {
        switch code {
        case .timeout, .network: true
        case .http(let status): status == 408 || status == 429 || (500...599).contains(status)
        default: false
        }
    }

    /// Every mirror failed; `failures` says how.
    static func allMirrorsFailed(_ failures: [FetchError], mirrors: [URL]) -> FetchError {
        let count = mirrors.count == 1 ? "the only mirror" : "all \(mirrors.count) mirrors"
        return FetchError(.allMirrorsFailed, url: mirrors.first, "\(count) failed", failures: failures)
    }

    /// A local file operation failed with `errno`.
    static func io(_ operation: String, path: String, errno: Int32, url: URL? = nil) -> FetchError {
        FetchError(.io, url: url, "cannot \(operation) \(path): \(String(cString: strerror(errno)))")
    }

    /// The task was cancelled while working on `url`.
    static func cancelled(_ url: URL?) -> FetchError {
        FetchError(.cancelled, url: url, "cancelled" + (url.map { " while fetching \($0.absoluteString)" } ?? ""))
    }
}
