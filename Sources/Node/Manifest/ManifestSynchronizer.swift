import Common
public import Fetch
public import Foundation
import ISOCatalog
public import ISOStore

/// Pulls the upstream manifest into the store (design §1, §3, §7 rule 4).
///
/// - `http(s)://` with a conditional GET (the cached ETag and Last-Modified); `file://` read
///   whole each time (its modification time has whole seconds). A body equal to the cached one is
///   reported as not modified either way.
/// - A fetched document is stored (body, fetch time, validators) only when `Manifest.parse` accepts
///   it; an invalid or unreachable one leaves the last good manifest in force and records the error
///   and the attempt time.
/// - A cached manifest younger than `minAge`, whose last attempt did not fail, is not asked for
///   again unless `force`.
///
/// Never throws: every outcome, failures included, is a ``ManifestSyncResult``.
public struct ManifestSynchronizer: Sendable {
    public let store: CatalogStore
    /// `manifest.url`, nil when not configured.
    public let url: String?
    /// `manifest.min_age`.
    public let minAge: Duration
    private let downloader: ManifestDownloader
    private let now: @Sendable () -> Date

    public init(
        store: CatalogStore, url: String?, minAge: Duration = .seconds(3600),
        downloader: ManifestDownloader = ManifestDownloader(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.url = url
        self.minAge = minAge
        self.downloader = downloader
        self.now = now
    }

    /// Refreshes the manifest unless fresh (or `force`).
    ///
    /// - Parameter persist: false to leave the store untouched (a dry run): a manifest fetched is
    ///   validated and returned but not saved, and failures are not recorded.
    public func sync(force: Bool = false, persist: Bool = true) async -> ManifestSyncResult {
        let cached: CachedManifest?
        do { cached = try store.cachedManifest() } catch {
            return ManifestSyncResult(
                outcome: .failed(ManifestSyncFailure(.store, url: url, error.description)),
                manifest: nil, fetchedAt: nil, isCurrent: false)
        }
        let lastGood = cached?.body.flatMap { try? Manifest.parse($0) }
        let lastGoodFetchedAt = lastGood == nil ? nil : cached?.fetchedAt
        let started = now()

        func failed(_ failure: ManifestSyncFailure) -> ManifestSyncResult {
            if persist { try? store.recordManifestFailure(failure.message, url: url, at: started) }
            return ManifestSyncResult(
                outcome: .failed(failure), manifest: lastGood, fetchedAt: lastGoodFetchedAt, isCurrent: false)
        }

        guard let url else {
            return failed(ManifestSyncFailure(.notConfigured, url: nil, "manifest.url is not set"))
        }
        guard let remote = URL(string: url), ["http", "https", "file"].contains(remote.scheme?.lowercased() ?? "")
        else {
            return failed(
                ManifestSyncFailure(
                    .notConfigured, url: url, "manifest.url \(url) is not an http(s):// or file:// URL"))
        }
        let sameSource = lastGood != nil && cached?.url == url
        if !force, sameSource, cached?.lastError == nil, let fetchedAt = lastGoodFetchedAt,
            started.timeIntervalSince(fetchedAt) < minAge.seconds
        {
            return ManifestSyncResult(outcome: .skippedFresh, manifest: lastGood, fetchedAt: fetchedAt, isCurrent: true)
        }

        // A file's modification time has whole seconds: a file rewritten within the second of the
        // last read would look unchanged. Local files are cheap to read again, so they are read
        // unconditionally and compared with the cached body instead.
        let conditional = sameSource && remote.scheme?.lowercased() != "file"
        let response: ConditionalResponse
        do {
            response = try await downloader.fetch(
                remote, ifNoneMatch: conditional ? cached?.etag : nil,
                ifModifiedSince: conditional ? cached?.lastModified.flatMap(HTTPDate.date(from:)) : nil)
        } catch {
            return failed(
                ManifestSyncFailure(
                    .unreachable, url: url,
                    "manifest \(url) could not be fetched: \(error.description)"
                        + Self.keeping(lastGoodFetchedAt)))
        }

        switch response {
        case .notModified:
            guard let lastGood, let body = cached?.body else {
                return failed(
                    ManifestSyncFailure(.unreachable, url: url, "manifest \(url): not modified, but no copy is held"))
            }
            if persist {
                do {
                    try store.saveManifest(
                        body, url: url, fetchedAt: started, etag: cached?.etag, lastModified: cached?.lastModified)
                } catch {
                    return failed(ManifestSyncFailure(.store, url: url, error.description))
                }
            }
            return ManifestSyncResult(outcome: .notModified, manifest: lastGood, fetchedAt: started, isCurrent: true)

        case .fetched(let data, let etag, let lastModified):
            let manifest: Manifest
            do { manifest = try Manifest.parse(data) } catch {
                return failed(
                    ManifestSyncFailure(
                        .invalid, url: url,
                        "manifest \(url) is invalid: \(error.message)" + Self.keeping(lastGoodFetchedAt)))
            }
            let unchanged = sameSource && data == cached?.body
            if persist {
                do {
                    try store.saveManifest(
                        data, url: url, fetchedAt: started, etag: etag,
                        lastModified: lastModified.map(HTTPDate.string(from:)))
                } catch {
                    return failed(ManifestSyncFailure(.store, url: url, error.description))
                }
            }
            return ManifestSyncResult(
                outcome: unchanged ? .notModified : .fetched, manifest: manifest, fetchedAt: started, isCurrent: true)
        }
    }

    private static func keeping(_ fetchedAt: Date?) -> String {
        guard let fetchedAt else { return "; no good manifest held" }
        return "; keeping the last good manifest (fetched \(RFC3339.string(from: fetchedAt)))"
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
