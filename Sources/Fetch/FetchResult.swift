public import Foundation

/// A completed fetch: the incomplete file holds the whole image, synced to disk.
public struct FetchResult: Sendable {
    /// The file written (the request's destination), ready to be promoted.
    public let path: String
    /// Its size in bytes.
    public let size: Int64
    /// Its SHA-256, computed while receiving (64 lower-case hex digits).
    public let sha256: String
    /// True when the SHA-256 was compared with an expected one and matched.
    public let verified: Bool
    /// The mirror that served the last bytes; nil when the incomplete file was already whole and
    /// only needed verifying.
    public let mirror: URL?
    /// Body bytes received over the network during this call, including bytes later discarded
    /// (a restart, a bad mirror): what this fetch cost the origins.
    public let bytesReceived: Int64
    /// Bytes of an earlier incomplete file that were kept and continued (0 when starting fresh).
    public let resumedFromBytes: Int64
    /// True when the file was continued rather than fetched from byte zero: an earlier incomplete
    /// file was kept, or a broken transfer went on with a range request.
    public let resumed: Bool
    /// Requests made, over all mirrors.
    public let attempts: Int
    /// What went wrong on the way (retried failures, mirrors given up), oldest first.
    public let failures: [FetchError]
}
