public import Foundation
import GRDB

/// The last manifest fetched and how the fetching went: the single row of `manifest_cache`.
///
/// `body` is the last *good* manifest; a failed or invalid fetch only updates `lastAttempt` and
/// `lastError`, so the node keeps working from what it had (design §3).
public struct CachedManifest: Hashable, Sendable {
    /// Where it was fetched from.
    public var url: String?
    /// The manifest bytes as received; nil until a fetch succeeded once.
    public var body: Data?
    /// When `body` was fetched.
    public var fetchedAt: Date?
    /// HTTP validators for conditional requests.
    public var etag: String?
    public var lastModified: String?
    /// The last attempt, successful or not.
    public var lastAttempt: Date?
    /// Why the last attempt failed; nil when it succeeded.
    public var lastError: String?

    public init(
        url: String? = nil, body: Data? = nil, fetchedAt: Date? = nil, etag: String? = nil,
        lastModified: String? = nil, lastAttempt: Date? = nil, lastError: String? = nil
    ) {
        self.url = url
        self.body = body
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.lastModified = lastModified
        self.lastAttempt = lastAttempt
        self.lastError = lastError
    }
}

extension CachedManifest {
    static let table = "manifest_cache"

    init(row: Row) {
        self.init(
            url: row["url"], body: row["body"], fetchedAt: row["fetched_at"], etag: row["etag"],
            lastModified: row["last_modified"], lastAttempt: row["last_attempt"],
            lastError: row["last_error"])
    }
}
