public import Foundation

/// One manifest synchronisation as `sync --json` prints it, `update --json` nests it under
/// "manifest", and `POST /api/v1/sync` answers it: `{"outcome", "url", "images", "fetched_at",
/// "current", "error"}`. Decodable, so that the command line prints the daemon's answer as its own.
public struct ManifestSyncReport: Codable, Sendable, Equatable {
    /// `fetched`, `not-modified`, `fresh`, or the failure: `invalid`, `unreachable`, `not-configured`, `store`.
    public var outcome: String
    public var url: String?
    /// Images in the manifest in force; nil when none was ever had.
    public var images: Int?
    public var fetchedAt: Date?
    public var current: Bool
    /// The failure's one-line message.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case outcome, url, images, current, error
        case fetchedAt = "fetched_at"
    }

    public init(outcome: String, url: String?, images: Int?, fetchedAt: Date?, current: Bool, error: String?) {
        self.outcome = outcome
        self.url = url
        self.images = images
        self.fetchedAt = fetchedAt
        self.current = current
        self.error = error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(url, forKey: .url)
        try container.encode(images, forKey: .images)
        try container.encode(fetchedAt, forKey: .fetchedAt)
        try container.encode(current, forKey: .current)
        try container.encode(error, forKey: .error)
    }

    /// True when the attempt failed (the last good manifest stays in force).
    public var failed: Bool { !["fetched", "not-modified", "fresh"].contains(outcome) }

    /// True when the failure is the caller's (an invalid manifest, no `manifest.url`): exit 2.
    public var failedOnInput: Bool {
        outcome == "invalid" || outcome == "not-configured"
    }
}
