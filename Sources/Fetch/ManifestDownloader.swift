public import Foundation

/// Fetches small documents (the manifest, a `.torrent`) into memory with a conditional GET, from
/// `http://` or `https://`, and from `file://` when ``allowsFileURLs`` (the operator's own
/// `manifest.url`; never a URL a manifest names). Redirects lead only to http(s). `s3://`,
/// `smb://` and `nfs://` documents are read whole through ``remote`` (never conditionally: they
/// come back as ``ConditionalResponse/fetched(data:etag:lastModified:)`` without validators).
///
/// Send the `ETag` and `Last-Modified` of the copy you hold; an unchanged document comes back as
/// ``ConditionalResponse/notModified`` without a body. A response longer than ``maxBytes`` is
/// abandoned, so a runaway server cannot fill memory. Transient failures are retried per the
/// settings' ``RetryPolicy``.
public struct ManifestDownloader: Sendable {
    /// The default cap on a document: 16 MiB.
    public static let defaultMaxBytes = 16 << 20

    public let settings: FetchSettings
    /// The largest document accepted, in bytes.
    public let maxBytes: Int
    /// Whether `file://` URLs are read: true for the configured `manifest.url`, false for URLs that
    /// come from a manifest or a request (`sources.torrent`, a `.torrent` to add).
    public let allowsFileURLs: Bool
    /// How s3, smb and nfs documents are reached.
    public let remote: RemoteAccess
    private let sleeper: any FetchSleeper
    private let random: @Sendable () -> Double

    public init(
        settings: FetchSettings = FetchSettings(), maxBytes: Int = ManifestDownloader.defaultMaxBytes,
        allowsFileURLs: Bool = true, remote: RemoteAccess = RemoteAccess(), sleeper: any FetchSleeper = TaskSleeper(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.maxBytes = maxBytes
        self.allowsFileURLs = allowsFileURLs
        var remote = remote
        remote.fetch = settings
        self.remote = remote
        self.sleeper = sleeper
        self.random = random
    }

    /// GETs `url`, conditionally when validators are given.
    ///
    /// - Parameters:
    ///   - ifNoneMatch: the `ETag` of the copy held, sent as `If-None-Match`.
    ///   - ifModifiedSince: its `Last-Modified`, sent as `If-Modified-Since` (ignored for file://,
    ///     whose ETag carries the modification time to the nanosecond, and the size).
    /// - Returns: ``ConditionalResponse/notModified`` only for an HTTP 304 (or a file:// whose ETag
    ///   is `ifNoneMatch`); a 200 is always the new body.
    public func fetch(
        _ url: URL, ifNoneMatch: String? = nil, ifModifiedSince: Date? = nil
    ) async throws(FetchError) -> ConditionalResponse {
        if url.isFileURL && !allowsFileURLs {
            throw FetchError(
                .invalidRequest, url: url, "unsupported URL \(url.absoluteString): only http and https")
        }
        let settings = settings
        let maxBytes = maxBytes
        let retrying = RetryingFetch(settings: settings, sleeper: sleeper, random: random)
        if ["s3", "smb", "nfs"].contains(url.scheme?.lowercased() ?? "") {
            let remote = remote
            return try await retrying.run(url, schemes: ["s3", "smb", "nfs"]) { _ throws(FetchError) in
                let (store, path) = try remote.openFile(try RemoteLocation(parsing: url.absoluteString))
                guard let data = try store.readSmallFile(path, maxBytes: maxBytes) else {
                    throw FetchError(.notFound, url: url, "\(url.absoluteString): not found")
                }
                return .fetched(data: data, etag: nil, lastModified: nil)
            }
        }
        return try await retrying.run(url) {
            cancel throws(FetchError) in
            try MemoryTransfer(
                url: url, settings: settings, maxBytes: maxBytes, cancel: cancel,
                ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince
            ).run()
        }
    }
}
