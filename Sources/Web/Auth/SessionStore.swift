import Foundation

/// The page's login sessions, in memory (a restart logs everyone out): a random session id (the
/// cookie) mapped to its CSRF token and creation time.
actor SessionStore {
    /// A logged-in browser.
    struct Session: Sendable, Hashable {
        let id: String
        /// Sent back in a hidden form field or the `X-CSRF-Token` header with every change.
        let csrf: String
        let created: ContinuousClock.Instant
    }

    /// How long a session lasts.
    let lifetime: Duration
    /// Beyond this many sessions the oldest are dropped.
    let capacity: Int
    private var sessions: [String: Session] = [:]

    init(lifetime: Duration = .seconds(12 * 3600), capacity: Int = 1000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Opens a session with fresh random id and CSRF token.
    func open() -> Session {
        let now = ContinuousClock.now
        sessions = sessions.filter { now - $0.value.created < lifetime }
        while sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.created < $1.created }) {
            sessions[oldest.id] = nil
        }
        let session = Session(id: Secret.random(), csrf: Secret.random(), created: now)
        sessions[session.id] = session
        return session
    }

    /// The live session with this id, or nil.
    func session(id: String) -> Session? {
        guard let session = sessions[id] else { return nil }
        guard ContinuousClock.now - session.created < lifetime else {
            sessions[id] = nil
            return nil
        }
        return session
    }

    /// Ends the session.
    func close(id: String) { sessions[id] = nil }
}
