public import Foundation
import GRDB

extension CatalogStore {
    /// The cached manifest's fetch state without its body (nil body), and the body's length in
    /// bytes: what the status shows and what tells a changed body apart, without reading megabytes
    /// of JSON on every status request. Nil before the first attempt.
    public func cachedManifestWithoutBody() throws(StoreError) -> (manifest: CachedManifest, bodyLength: Int?)? {
        try read("read the cached manifest's state") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT url, fetched_at, etag, last_modified, last_attempt, last_error, length(body) AS body_length
                    FROM manifest_cache WHERE id = 1
                    """
            ).map { row in (CachedManifest(row: row), row["body_length"]) }
        }
    }
}
