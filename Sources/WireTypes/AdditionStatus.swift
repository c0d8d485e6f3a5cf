public import Foundation

/// One addition the daemon works on or finished (`POST /api/v1/add`, `GET /api/v1/additions`, the
/// page's live view): where it stands, its bytes, rate and peers, and why it failed.
public struct AdditionStatus: Sendable, Codable, Equatable {
    /// Where an addition stands.
    public enum State: String, Sendable, Codable {
        /// Fetching the `.torrent` or waiting for the magnet's metadata and first peers.
        case starting
        /// Receiving bytes.
        case fetching
        /// Complete; being hashed, moved and registered.
        case placing
        /// At its path (``AdditionStatus/path``).
        case done
        /// Gave up (``AdditionStatus/error``): a source that failed, no metadata or no progress
        /// for `add.stall_timeout`.
        case failed
        /// Cancelled (`DELETE /api/v1/additions/{id}`, the page's cancel button, `add --cancel`):
        /// its torrent and partial files are removed.
        case cancelled
    }

    /// Unique within one daemon's life.
    public var id: Int
    /// The magnet link or URL as given.
    public var source: String
    /// `swarm` (magnet, `.torrent`) or `origin` (an image URL).
    public var via: String
    /// The image's file name once known.
    public var name: String?
    public var state: State
    public var bytesDone: Int64
    public var totalBytes: Int64?
    public var bytesPerSecond: Double
    /// Peers connected (swarm only).
    public var peers: Int
    /// Whether the torrent's metadata (name, size, pieces) has arrived; true at once for an image
    /// URL and a `.torrent`, false for a magnet link until a peer sends it.
    public var hasMetadata: Bool
    /// Absolute path once placed.
    public var path: String?
    /// Whether the image was registered in the catalog (its file name told its identity).
    public var registered: Bool
    /// Why it failed.
    public var error: String?
    public var started: Date

    enum CodingKeys: String, CodingKey {
        case id, source, via, name, state, peers, path, registered, error, started
        case bytesDone = "bytes_done"
        case totalBytes = "total_bytes"
        case bytesPerSecond = "bytes_per_second"
        case hasMetadata = "metadata"
    }

    public init(id: Int, source: String, via: String, name: String?, started: Date = Date()) {
        self.id = id
        self.source = source
        self.via = via
        self.name = name
        state = .starting
        bytesDone = 0
        totalBytes = nil
        bytesPerSecond = 0
        peers = 0
        hasMetadata = false
        path = nil
        registered = false
        error = nil
        self.started = started
    }

    /// True once it is done, failed or cancelled.
    public var isFinished: Bool { state == .done || state == .failed || state == .cancelled }

    /// The fraction fetched, 0 before the size is known.
    public var progress: Double {
        guard let totalBytes, totalBytes > 0 else { return 0 }
        return min(1, Double(bytesDone) / Double(totalBytes))
    }
}
