public import Foundation

/// A snapshot of a running fetch, reported at most once per ``FetchSettings/progressInterval``.
public struct FetchProgress: Sendable, Hashable {
    /// Bytes of the file present so far (kept from earlier attempts included).
    public let bytesDone: Int64
    /// The whole size, when the manifest or the server said it.
    public let totalBytes: Int64?
    /// Receive rate since the previous report, in bytes per second.
    public let bytesPerSecond: Double
    /// The mirror being read.
    public let mirror: URL
}
