public import Foundation
import GRDB

extension CatalogStore {
    /// The cached manifest and the state of its fetching, or nil before the first attempt.
    public func cachedManifest() throws(StoreError) -> CachedManifest? {
        try read("read the cached manifest") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM manifest_cache WHERE id = 1").map(CachedManifest.init(row:))
        }
    }

    /// Records a successful fetch: `body` becomes the cached manifest and `lastError` is cleared.
    public func saveManifest(
        _ body: Data, url: String?, fetchedAt: Date = Date(), etag: String? = nil, lastModified: String? = nil
    ) throws(StoreError) {
        try write("save the manifest") { db in
            try db.execute(
                sql: """
                    INSERT INTO manifest_cache (id, url, body, fetched_at, etag, last_modified, last_attempt, last_error)
                    VALUES (1, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT (id) DO UPDATE SET url = excluded.url, body = excluded.body,
                        fetched_at = excluded.fetched_at, etag = excluded.etag,
                        last_modified = excluded.last_modified, last_attempt = excluded.last_attempt,
                        last_error = NULL
                    """,
                arguments: [url, body, fetchedAt, etag, lastModified, fetchedAt])
        }
    }

    /// Records a fetch that did not produce a good manifest; the cached body stays as it was.
    public func recordManifestFailure(_ error: String, url: String?, at date: Date = Date()) throws(StoreError) {
        try write("record a manifest failure") { db in
            try db.execute(
                sql: """
                    INSERT INTO manifest_cache (id, url, last_attempt, last_error) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET last_attempt = excluded.last_attempt,
                        last_error = excluded.last_error
                    """,
                arguments: [url, date, error])
        }
    }
}
