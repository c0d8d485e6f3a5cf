public import Common
public import Fetch
public import Foundation

/// `isofleet fetch`: one file over HTTP(S), S3, SMB, NFS or a mounted share with the node's
/// fetcher (mirrors in order, resume, retries, SHA-256 while receiving), promoted to its final
/// path only once complete and verified.
public struct FileDownload: Sendable {
    /// How far a download has got.
    public struct Progress: Sendable {
        public var bytesDone: Int64
        public var totalBytes: Int64?
        public var bytesPerSecond: Double
    }

    /// Mirrors of the same file, tried in order.
    public var mirrors: [URL]
    /// Where the complete file goes.
    public var output: String
    /// Where bytes land until then (default `OUTPUT.part`); a later run resumes from it.
    public var incomplete: String?
    public var expectedSHA256: String?
    public var expectedSize: Int64?
    /// Attempts per mirror.
    public var attempts: Int
    public var connectTimeout: Duration
    /// Write through the page cache instead of with `O_DIRECT`.
    public var buffered: Bool
    /// How s3, smb, nfs and file mirrors are reached (``NodeSite/remoteAccess(settings:environment:)``).
    public var remote: RemoteAccess

    /// The fetcher's default attempts per mirror.
    public static let defaultAttempts = RetryPolicy().maxAttemptsPerMirror

    public init(
        mirrors: [URL], output: String, incomplete: String? = nil, expectedSHA256: String? = nil,
        expectedSize: Int64? = nil, attempts: Int = defaultAttempts, connectTimeout: Duration = .seconds(15),
        buffered: Bool = false, remote: RemoteAccess = RemoteAccess()
    ) {
        self.mirrors = mirrors
        self.output = output
        self.incomplete = incomplete
        self.expectedSHA256 = expectedSHA256
        self.expectedSize = expectedSize
        self.attempts = attempts
        self.connectTimeout = connectTimeout
        self.buffered = buffered
        self.remote = remote
    }

    /// Why `url` cannot be a mirror (one line), nil when it can: http(s), or an s3, smb, nfs or
    /// file URL that parses (``RemoteLocation``).
    public static func problem(with url: String) -> String? {
        if ["http", "https"].contains(URL(string: url)?.scheme?.lowercased() ?? "") { return nil }
        do {
            _ = try RemoteLocation(parsing: url)
            return nil
        } catch {
            return error.message
        }
    }

    /// Downloads and promotes the file; returns its SHA-256.
    /// - Throws: ``RequestError``: `invalidInput` for an unusable request, `failure` otherwise.
    public func run(progress: (@Sendable (Progress) -> Void)? = nil) async throws(RequestError) -> String {
        var settings = FetchSettings()
        settings.retry.maxAttemptsPerMirror = attempts
        settings.connectTimeout = connectTimeout
        settings.directIO = !buffered
        let request = FetchRequest(
            mirrors: mirrors, destination: incomplete ?? output + ".part", expectedSize: expectedSize,
            expectedSHA256: expectedSHA256)
        var forward: (@Sendable (FetchProgress) -> Void)?
        if let progress {
            forward = { fetched in
                progress(
                    Progress(
                        bytesDone: fetched.bytesDone, totalBytes: fetched.totalBytes,
                        bytesPerSecond: fetched.bytesPerSecond))
            }
        }
        do throws(FetchError) {
            let result = try await ImageFetcher(settings: settings, remote: remote).fetch(request, progress: forward)
            try FilePromotion.promote(incomplete: result.path, to: output)
            return result.sha256
        } catch {
            throw RequestError(error.code == .invalidRequest ? .invalidInput : .failure, error.description)
        }
    }
}
