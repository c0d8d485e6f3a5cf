import Foundation
public import ISOCatalog
public import ISOStore
import Synchronization

/// What the status and the page read from the cached manifest, its image count and identities,
/// parsed once per stored manifest (issue 15, item 5): a 100,000-image manifest takes seconds to
/// parse, far too long for every `/api/v1/status` and page request. The stored manifest is told
/// apart by its fetch time, validators and length, read without its body.
public final class ManifestFacts: Sendable {
    /// The figures of one parsed manifest.
    public struct Summary: Sendable {
        public let imageCount: Int
        public let identities: [ImageIdentity]

        public init(imageCount: Int, identities: [ImageIdentity]) {
            self.imageCount = imageCount
            self.identities = identities
        }
    }

    /// What identifies one stored body: a successful fetch stores a new fetch time.
    private struct Stamp: Hashable {
        let fetchedAt: Date?
        let etag: String?
        let lastModified: String?
        let length: Int?
    }

    private let last = Mutex<(stamp: Stamp, summary: Summary?)?>(nil)
    private let parseCount = Atomic<Int>(0)
    private let parsing = Mutex<Void>(())

    public init() {}

    /// How many times a manifest was parsed (tests, to see the cache at work).
    public var parses: Int { parseCount.load(ordering: .relaxed) }

    /// The cached manifest's state without its body, and its summary: from the last parse while
    /// the stored manifest is the same, else parsed now. The summary is nil without a stored body
    /// or when it does not parse.
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func read(from store: CatalogStore) throws(StoreError) -> (manifest: CachedManifest, summary: Summary?)? {
        guard let (manifest, length) = try store.cachedManifestWithoutBody() else { return nil }
        let stamp = Stamp(
            fetchedAt: manifest.fetchedAt, etag: manifest.etag, lastModified: manifest.lastModified, length: length)
        if let known = last.withLock({ $0 }), known.stamp == stamp { return (manifest, known.summary) }
        // One parse at a time: callers arriving during it wait (on their own threads, the store's
        // reads run off the pool) and take its result instead of parsing the same bytes again.
        return try parsing.withLock { _ throws(StoreError) in
            if let known = last.withLock({ $0 }), known.stamp == stamp { return (manifest, known.summary) }
            var summary: Summary?
            if length != nil, let body = try store.cachedManifest()?.body {
                parseCount.add(1, ordering: .relaxed)
                summary = (try? Manifest.parse(body)).map {
                    Summary(imageCount: $0.images.count, identities: $0.images.map(\.identity))
                }
            }
            last.withLock { $0 = (stamp, summary) }
            return (manifest, summary)
        }
    }
}
