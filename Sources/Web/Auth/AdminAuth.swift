import Common
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
    let logger: Logger
    private let failureCount = Atomic<Int>(0)

    /// - Parameter drain: once it drains, authorized changes are refused with 503 too.
    public init(token: String, drain: DrainState? = nil, logger: Logger) {
        self.token = token
        self.drain = drain
        self.sessions = SessionStore()
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
    /// CSRF token in the header or in `formCSRF`; otherwise throws 401 and logs why.
    func authorize(_ request: Request, formCSRF: String? = nil) async throws {
        if let authorization = request.headers[.authorization] {
            let prefix = "Bearer "
            guard authorization.hasPrefix(prefix), isToken(String(authorization.dropFirst(prefix.count))) else {
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
