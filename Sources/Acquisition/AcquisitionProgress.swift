/// A snapshot of one acquisition in flight.
public struct AcquisitionProgress: Sendable, Hashable {
    /// Bytes of the image present so far (kept from earlier runs included).
    public var bytesDone: Int64
    /// The whole size, when known.
    public var totalBytes: Int64?
    /// Receive rate since the previous report, bytes per second.
    public var bytesPerSecond: Double
    /// Bytes received from the origin (HTTP) during this acquisition.
    public var bytesFromOrigin: Int64
    /// Bytes received from fleet peers during this acquisition.
    public var bytesFromSwarm: Int64
    /// What is being read: a mirror URL, `swarm`.
    public var source: String

    public init(
        bytesDone: Int64, totalBytes: Int64?, bytesPerSecond: Double, bytesFromOrigin: Int64,
        bytesFromSwarm: Int64, source: String
    ) {
        self.bytesDone = bytesDone
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
        self.bytesFromOrigin = bytesFromOrigin
        self.bytesFromSwarm = bytesFromSwarm
        self.source = source
    }
}
