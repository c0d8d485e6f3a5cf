import Common
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
public import Node
import Synchronization

/// Who may change things (design §9): reading is open; a change needs `Authorization: Bearer
/// TOKEN`, or the page's session cookie plus its CSRF token (header `X-CSRF-Token`, or the form
/// field `csrf`). Refusals are 401, logged with the reason and never with what was sent. Once the
/// node drains (``DrainState``), authorized changes are refused with 503.
public final class AdminAuth: Sendable {
    /// The session cookie's name.
    static let cookieName = "isofleet_session"
    /// The header a script or the page's JavaScript sends the CSRF token in.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    private let token: String
    private let drain: DrainState?
    let sessions: SessionStore
    /// Failed sign-ins by client address.
    let throttle: SignInThrottle
    let logger: Logger
    private let failureCount = Atomic<Int>(0)

    /// - Parameter drain: once it drains, authorized changes are refused with 503 too.
    public init(token: String, drain: DrainState? = nil, logger: Logger) {
        self.token = token
        self.drain = drain
        self.sessions = SessionStore()
        self.throttle = SignInThrottle()
        self.logger = logger
    }

    /// Refused attempts since the start (`/metrics`).
    public var failures: Int { failureCount.load(ordering: .relaxed) }

    /// True when `candidate` is the admin token (constant-time).
    func isToken(_ candidate: String) -> Bool { Secret.matches(candidate, token) }

    /// The logged-in session the request's cookie names, if any.
    func session(of request: Request) async -> SessionStore.Session? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        return await sessions.session(id: id)
    }

    /// Lets the request through when it carries the bearer token, or a session cookie with the
    /// CSRF token in the header or in `formCSRF`; otherwise throws 401 and logs why. A client
    /// past its failed tries (``SignInThrottle``) gets 429 whatever it sends.
    func authorize(_ request: Request, client: String?, formCSRF: String? = nil) async throws {
        if let authorization = request.headers[.authorization] {
            try refuseWhileThrottled(client)
            guard let token = Self.bearerToken(authorization), isToken(token) else {
                if let client { throttle.failed(client) }
                throw refuse(request, "wrong bearer token")
            }
            try refuseWhileDraining()
            return
        }
        guard request.cookies[Self.cookieName] != nil else { throw refuse(request, "no credentials") }
        guard let session = await session(of: request) else { throw refuse(request, "unknown or expired session") }
        guard let sent = request.headers[Self.csrfHeader] ?? formCSRF else {
            throw refuse(request, "session without CSRF token")
        }
        guard Secret.matches(sent, session.csrf) else { throw refuse(request, "wrong CSRF token") }
        try refuseWhileDraining()
    }

    /// Checks what the headers alone can tell before a form's body is read: the bearer token, or
    /// a live session (its CSRF token comes in the body, checked by ``authorize(_:client:formCSRF:)``
    /// afterwards). Throws 401 (or 429) so that an unauthenticated body is never read.
    func authenticateHeaders(_ request: Request, client: String?) async throws {
        if request.headers[.authorization] != nil {
            try await authorize(request, client: client)
            return
        }
        guard request.cookies[Self.cookieName] != nil else { throw refuse(request, "no credentials") }
        guard await session(of: request) != nil else { throw refuse(request, "unknown or expired session") }
    }

    /// The token of an `Authorization: Bearer TOKEN` value; the scheme in any case (RFC 9110).
    static func bearerToken(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// 429 with `Retry-After` while `client` is past its failed tries.
    func refuseWhileThrottled(_ client: String?) throws {
        guard let client, let wait = throttle.wait(for: client) else { return }
        let seconds = max(
            1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
        logger.warning("refused a sign-in from \(client): too many wrong tokens, retry in \(seconds) s")
        throw APIError(
            .tooManyRequests, "too many wrong admin tokens from this address; retry in \(seconds) s",
            headers: [.retryAfter: "\(seconds)"])
    }

    /// Counts a wrong token sent by `client` at sign-in.
    func signInFailed(_ client: String?) {
        if let client { throttle.failed(client) }
    }

    /// 503 once the node drains: it takes no new work.
    private func refuseWhileDraining() throws {
        if let drain, drain.isDraining {
            throw APIError(.serviceUnavailable, drain.refusal("a change").message)
        }
    }

    /// Counts and logs a refusal; the error to throw.
    func refuse(_ request: Request, _ reason: String) -> APIError {
        failureCount.add(1, ordering: .relaxed)
        logger.warning(
            "refused \(request.method.rawValue) \(request.uri.path): \(reason)",
            metadata: ["user-agent": "\(request.headers[.userAgent] ?? "-")"])
        return APIError(
            .unauthorized, "admin token required: send Authorization: Bearer TOKEN (\(reason))",
            headers: [.wwwAuthenticate: "Bearer realm=\"isofleet\""])
    }
}
