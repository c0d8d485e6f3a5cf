import ISOCatalog
import Node

/// A manifest synchronisation as `sync --json` prints it (and `update --json` under "manifest"):
/// `{"outcome", "url", "images", "fetched_at", "current", "error"}`.
struct SyncJSON: Encodable {
    let result: ManifestSyncResult
    let url: String?

    enum CodingKeys: String, CodingKey {
        case outcome, url, images, current, error
        case fetchedAt = "fetched_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result.outcomeName, forKey: .outcome)
        try container.encode(url, forKey: .url)
        try container.encode(result.manifest?.images.count, forKey: .images)
        try container.encode(result.fetchedAt, forKey: .fetchedAt)
        try container.encode(result.isCurrent, forKey: .current)
        try container.encode(result.failure?.message, forKey: .error)
    }
}
