public import Foundation

/// An image an acquirer brought whole into its incomplete file, synced to disk.
public struct AcquiredImage: Sendable, Hashable {
    /// The incomplete file holding the bytes, ready to be promoted.
    public var path: String
    public var size: Int64
    /// Its SHA-256 (64 lower-case hex digits).
    public var sha256: String
    /// True when the bytes were checked against the manifest's SHA-256 (or, for the swarm, the
    /// torrent's piece hashes).
    public var verified: Bool
    /// What served the bytes: the mirror URL, `swarm`; nil when the incomplete file was already whole.
    public var source: String?
    public var bytesFromOrigin: Int64
    public var bytesFromSwarm: Int64
    /// Bytes of an earlier incomplete file that were continued.
    public var resumedFromBytes: Int64
    /// Failures met and overcome on the way (a retried mirror, a mirror that served bad bytes).
    public var notes: [String]
    /// The `.torrent` the swarm downloaded it with (the manifest's), so that the placed copy can
    /// go on seeding that swarm too; nil for other acquirers.
    public var torrentFile: Data?
    /// True while something still reads ``path`` (a finished torrent seeding to peers that lack
    /// pieces): the file is placed as a hard link, and ``ImageAcquirer/discardLeftovers(for:)``
    /// removes the incomplete name when that reader is done.
    public var stillSeeding: Bool

    public init(
        path: String, size: Int64, sha256: String, verified: Bool, source: String?, bytesFromOrigin: Int64,
        bytesFromSwarm: Int64, resumedFromBytes: Int64, notes: [String], torrentFile: Data? = nil,
        stillSeeding: Bool = false
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.verified = verified
        self.source = source
        self.bytesFromOrigin = bytesFromOrigin
        self.bytesFromSwarm = bytesFromSwarm
        self.resumedFromBytes = resumedFromBytes
        self.notes = notes
        self.torrentFile = torrentFile
        self.stillSeeding = stillSeeding
    }
}
