public import Acquisition
public import Common
public import ISOCatalog
public import WireTypes

/// The engines a running node has (the update runner, ingest, the swarm's torrents, the fleet),
/// as the front ends see them; ``NodeDaemon/assemble(site:logger:shutdownDeadline:frontEnd:)``
/// wires them all. Each is optional: a node whose swarm cannot listen has no torrents, a test
/// may wire none; a missing one's endpoints answer `503 {"error": "… not running on this node"}`
/// and the page shows its controls disabled.
public struct NodeEngines: Sendable {
    /// Launches update runs: `POST /api/v1/update`, the page's "launch update".
    public var updates: (any UpdateLauncher)?
    /// Adds magnet links, `.torrent` URLs and HTTP URLs: `POST /api/v1/add`, the page's magnet box.
    public var magnets: (any MagnetIngest)?
    /// Serves `.torrent` files of held images: `GET /torrents/{infohash}.torrent`.
    public var torrents: (any TorrentCatalog)?
    /// The fleet's peers (`GET /api/v1/fleet`, the page's fleet section); nil: the static
    /// `fleet.peers` of the configuration.
    public var fleet: (any FleetMembership)?
    /// Whether the node is stopping (scale-in, SIGTERM): every change through the web is then
    /// refused with 503. Nil: never.
    public var drain: DrainState?

    public init(
        updates: (any UpdateLauncher)? = nil, magnets: (any MagnetIngest)? = nil,
        torrents: (any TorrentCatalog)? = nil, fleet: (any FleetMembership)? = nil, drain: DrainState? = nil
    ) {
        self.updates = updates
        self.magnets = magnets
        self.torrents = torrents
        self.fleet = fleet
        self.drain = drain
    }

    /// No engine at all: what this build has.
    public static let none = NodeEngines()
}

/// Starts update runs (design §1 "update run"); implemented by the update runner.
public protocol UpdateLauncher: Sendable {
    /// Starts a run unless one is running; returns at once with a one-line description of the run.
    func launchUpdate() async throws -> String
    /// Whether a run is in progress, its transfers, and how the last run ended (`GET /api/v1/update`).
    func updateStatus() async -> UpdateRunStatus
    /// Starts a run with `update`'s options (`--prune`, `--force`) unless one is running.
    func launchUpdate(prune: Bool, force: Bool) async throws -> String
    /// How the last run ended, with its whole report (`GET /api/v1/update/report`); nil before the first.
    func lastReport() async -> Result<UpdateReport, UpdateError>?
    /// Starts a run over `scope`'s selections only (``UpdateScope``) unless one is running.
    func launchUpdate(prune: Bool, force: Bool, scope: UpdateScope) async throws -> String
    /// What a run would do now, changing nothing (`update --dry-run`, `GET /api/v1/plan`).
    func previewUpdate(
        prune: Bool, force: Bool, scope: UpdateScope
    ) async throws -> (plan: UpdatePlan, manifest: ManifestSyncResult)
}

/// Adds an image from a magnet link, a `.torrent` URL or an HTTP URL (design §8 `isofleet add`);
/// implemented by ``ImageIngest``.
public protocol MagnetIngest: Sendable {
    /// Checks the source and starts fetching it in the background; returns the new addition.
    /// - Throws: ``IngestError`` (its code picks the HTTP status).
    func add(source: String, sha256: String?) async throws -> AdditionStatus
    /// Every addition of this daemon's life, newest first.
    func additions() async -> [AdditionStatus]
    /// Cancels a running (or failed) addition: its torrent and partial files are removed, never a
    /// placed image.
    /// - Throws: ``IngestError``: `notFound`, or `conflict` once it is being placed or done.
    func cancel(id: Int) async throws -> AdditionStatus
}

/// The swarm's `.torrent` files for held images (design §3: `sources.torrent`).
public protocol TorrentCatalog: Sendable {
    /// The bencoded `.torrent` for `infoHash` (40 or 64 hex digits), or nil when none is held.
    func torrentFile(infoHash: String) async throws -> [UInt8]?
    /// The info-hash of the torrent seeding the image at `path` (relative to the repository), if any.
    func infoHash(forPath path: String) async -> String?
    /// A magnet link for the image at `path` (with `x.pe=` naming this node's swarm when known), if seeded.
    func magnet(forPath path: String) async -> String?
    /// Upload figures of every seeded image, by path.
    func seedingFigures() async -> [String: SeedingFigures]
}

extension UpdateLauncher {
    /// For launchers without options: the run ``launchUpdate()`` starts (`prune` and `force` ignored).
    /// A launcher wrapping another should forward to the inner one's.
    public func launchUpdate(prune: Bool, force: Bool) async throws -> String { try await launchUpdate() }

    /// For launchers that keep no report: none (`GET /api/v1/update/report` answers 404). A
    /// launcher wrapping another should forward to the inner one's.
    public func lastReport() async -> Result<UpdateReport, UpdateError>? { nil }
}

extension ImageIngest: MagnetIngest {}
