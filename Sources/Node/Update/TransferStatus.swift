import Acquisition
public import ISOCatalog

/// One transfer of an update run as the progress events and the page show it.
public struct TransferStatus: Sendable, Hashable {
    public var identity: ImageIdentity
    /// The layout path it will be placed at, relative to the repository root.
    public var path: String
    /// The acquirer at work.
    public var kind: AcquisitionKind
    /// What is being read: a mirror URL, `swarm`; nil before the first byte.
    public var source: String?
    public var bytesDone: Int64
    public var totalBytes: Int64?
    public var bytesPerSecond: Double
    public var bytesFromOrigin: Int64
    public var bytesFromSwarm: Int64

    public init(
        identity: ImageIdentity, path: String, kind: AcquisitionKind, source: String? = nil, bytesDone: Int64 = 0,
        totalBytes: Int64? = nil, bytesPerSecond: Double = 0, bytesFromOrigin: Int64 = 0, bytesFromSwarm: Int64 = 0
    ) {
        self.identity = identity
        self.path = path
        self.kind = kind
        self.source = source
        self.bytesDone = bytesDone
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
        self.bytesFromOrigin = bytesFromOrigin
        self.bytesFromSwarm = bytesFromSwarm
    }

    /// The status updated with `progress`.
    func updated(with progress: AcquisitionProgress) -> TransferStatus {
        var status = self
        status.source = progress.source
        status.bytesDone = progress.bytesDone
        status.totalBytes = progress.totalBytes ?? totalBytes
        status.bytesPerSecond = progress.bytesPerSecond
        status.bytesFromOrigin = progress.bytesFromOrigin
        status.bytesFromSwarm = progress.bytesFromSwarm
        return status
    }
}
