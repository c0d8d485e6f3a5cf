import Acquisition
public import ISOCatalog

/// An image an update run fetched, verified and placed.
public struct FetchedImage: Sendable, Hashable {
    public var identity: ImageIdentity
    /// Layout path, relative to the repository root.
    public var path: String
    public var size: Int64
    public var sha256: String
    /// True when checked against the manifest's SHA-256 (or piece hashes); false when the manifest
    /// gives none and only the size could be checked.
    public var verified: Bool
    public var kind: AcquisitionKind
    /// The mirror URL or `swarm`; nil when a complete incomplete file, or a file already at the
    /// layout path, only needed verifying.
    public var source: String?
    public var bytesFromOrigin: Int64
    public var bytesFromSwarm: Int64
    public var resumedFromBytes: Int64
    /// What is worth telling about the fetch: the failures overcome (``overcome``) and the rest
    /// (a file adopted, only the size checked, a torrent not kept for seeding).
    public var notes: [String]
    /// The failures the acquirers overcame on the way (a mirror that served bad bytes, a retried
    /// connection, a swarm that went on alone): the run's `unreachable` warnings.
    public var overcome: [String]

    public init(
        identity: ImageIdentity, path: String, size: Int64, sha256: String, verified: Bool, kind: AcquisitionKind,
        source: String?, bytesFromOrigin: Int64, bytesFromSwarm: Int64, resumedFromBytes: Int64, notes: [String],
        overcome: [String] = []
    ) {
        self.identity = identity
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.verified = verified
        self.kind = kind
        self.source = source
        self.bytesFromOrigin = bytesFromOrigin
        self.bytesFromSwarm = bytesFromSwarm
        self.resumedFromBytes = resumedFromBytes
        self.notes = notes
        self.overcome = overcome
    }
}
