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
/// - With ``trust`` keys (`manifest.keys`), every fetch is unconditional and the detached signature
///   (the URL's path + `.sig`) is fetched too: a manifest no trusted key signed is refused as
///   `invalid` (``ManifestTrust``).
///
/// Never throws: every outcome, failures included, is a ``ManifestSyncResult``.
public struct ManifestSynchronizer: Sendable {
    public let store: CatalogStore
    /// `manifest.url`, nil when not configured.
    public let url: String?
    /// `manifest.min_age`.
    public let minAge: Duration
    /// The signature keys and the `sha256` rule (`manifest.keys`, `manifest.allow_unverified`).
    public let trust: ManifestTrust
    private let downloader: ManifestDownloader
    private let now: @Sendable () -> Date

    public init(
        store: CatalogStore, url: String?, minAge: Duration = .seconds(3600), trust: ManifestTrust = ManifestTrust(),
        downloader: ManifestDownloader = ManifestDownloader(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.url = url
        self.minAge = minAge
        self.trust = trust
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
        var lastGood = cached?.body.flatMap { try? Manifest.parse($0) }
        // With manifest.keys, a cached manifest counts only with a stored signature that verifies
        // under the keys now configured (one cached before keys were set does not).
        if trust.requiresSignature, let body = cached?.body, lastGood != nil {
            let stored = (try? store.setting(Self.signatureSetting))?.flatMap { Data(base64Encoded: $0) }
            if trust.problem(withSignature: stored, of: body, signatureURL: "the stored signature") != nil {
                lastGood = nil
            }
        }
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
        guard let remote = URL(string: url),
            ["http", "https", "file", "s3", "smb", "nfs"].contains(remote.scheme?.lowercased() ?? "")
        else {
            return failed(
                ManifestSyncFailure(
                    .notConfigured, url: url,
                    "manifest.url \(url) is not an http(s)://, file://, s3://, smb:// or nfs:// URL"))
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
        // A signed manifest is fetched whole with its signature each time: a 304 would leave a
        // cached body in force that was never checked under the keys now configured.
        let conditional = sameSource && remote.scheme?.lowercased() != "file" && !trust.requiresSignature
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
            var signature: Data?
            if trust.requiresSignature {
                let signatureURL = Self.signatureURL(of: remote)
                do { signature = try await fetchSignature(signatureURL) } catch {
                    return failed(
                        ManifestSyncFailure(
                            .unreachable, url: url,
                            "manifest \(url): its signature could not be fetched: \(error.description)"
                                + Self.keeping(lastGoodFetchedAt)))
                }
                if let problem = trust.problem(
                    withSignature: signature, of: data, signatureURL: signatureURL.absoluteString)
                {
                    return failed(
                        ManifestSyncFailure(
                            .invalid, url: url,
                            "manifest \(url) is refused: \(problem)" + Self.keeping(lastGoodFetchedAt)))
                }
            }
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
                    try store.setSetting(Self.signatureSetting, signature?.base64EncodedString())
                } catch {
                    return failed(ManifestSyncFailure(.store, url: url, error.description))
                }
            }
            return ManifestSyncResult(
                outcome: unchanged ? .notModified : .fetched, manifest: manifest, fetchedAt: started, isCurrent: true)
        }
    }

    /// The store setting holding the cached manifest's verified signature file (base64), so that a
    /// node restarted with `manifest.keys` keeps only a manifest it checked.
    public static let signatureSetting = "manifest.signature"

    /// The detached signature's URL: the manifest URL with `.sig` appended to its path (query kept).
    public static func signatureURL(of manifest: URL) -> URL {
        guard var components = URLComponents(url: manifest, resolvingAgainstBaseURL: false) else {
            return manifest.appendingPathExtension("sig")
        }
        components.percentEncodedPath += ".sig"
        return components.url ?? manifest.appendingPathExtension("sig")
    }

    /// The signature file's bytes; nil when there is none (HTTP 404 or 410, a missing file).
    private func fetchSignature(_ signatureURL: URL) async throws(FetchError) -> Data? {
        let small = ManifestDownloader(
            settings: downloader.settings, maxBytes: 64 << 10, allowsFileURLs: downloader.allowsFileURLs,
            remote: downloader.remote)
        do {
            guard case .fetched(let data, _, _) = try await small.fetch(signatureURL) else { return nil }
            return data
        } catch {
            switch error.code {
            case .http(status: 404), .http(status: 410), .notFound: return nil
            case .io where signatureURL.isFileURL && !FileManager.default.fileExists(atPath: signatureURL.path):
                return nil
            default: throw error
            }
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
