public import Foundation

/// Fetches small documents (the manifest) into memory with a conditional GET, from `http://`,
/// `https://` or `file://`.
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
    private let sleeper: any FetchSleeper
    private let random: @Sendable () -> Double

    public init(
        settings: FetchSettings = FetchSettings(), maxBytes: Int = ManifestDownloader.defaultMaxBytes,
        sleeper: any FetchSleeper = TaskSleeper(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.maxBytes = maxBytes
        self.sleeper = sleeper
        self.random = random
    }

    /// GETs `url`, conditionally when validators are given.
    ///
    /// - Parameters:
    ///   - ifNoneMatch: the `ETag` of the copy held, sent as `If-None-Match`.
    ///   - ifModifiedSince: its `Last-Modified`, sent as `If-Modified-Since` (for file://, compared
    ///     with the file's modification time).
    public func fetch(
        _ url: URL, ifNoneMatch: String? = nil, ifModifiedSince: Date? = nil
    ) async throws(FetchError) -> ConditionalResponse {
        let settings = settings
        let maxBytes = maxBytes
        return try await RetryingFetch(settings: settings, sleeper: sleeper, random: random).run(url) {
            cancel throws(FetchError) in
            try MemoryTransfer(
                url: url, settings: settings, maxBytes: maxBytes, cancel: cancel,
                ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince
            ).run()
        }
    }
}
