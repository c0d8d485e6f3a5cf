public import Acquisition
public import Common
import Fetch
import Fleet
import Foundation
import ISOCatalog
public import ISOStore
public import Repository
public import Swarm

/// Where a node lives and how it is set up: the configuration in force, the data directory, and
/// the repository with its layout (design §8). Every command and the daemon start from one.
public struct NodeSite: Sendable {
    public let configuration: Configuration
    public let dataDirectory: DataDirectory
    public let repository: Repository

    /// The repository is `repository.path`, else `DATA_DIR/repo`, laid out by `repository.layout`.
    /// - Throws: ``DaemonError`` `invalidInput` for a layout that does not parse.
    public init(configuration: Configuration, dataDirectory: DataDirectory) throws(DaemonError) {
        self.configuration = configuration
        let repositoryRoot = configuration[.repositoryPath] ?? dataDirectory.defaultRepository
        self.dataDirectory = dataDirectory.placingIncomplete(beside: repositoryRoot)
        let layout: Layout
        do {
            layout = try Layout(template: configuration[.repositoryLayout] ?? Layout.defaultTemplate)
        } catch {
            throw DaemonError(.invalidInput, "repository.layout: \(error.message)")
        }
        repository = Repository(root: repositoryRoot, layout: layout)
    }

    /// A site whose data directory is at `path`.
    public init(configuration: Configuration, dataDirectoryPath path: String) throws(DaemonError) {
        try self.init(configuration: configuration, dataDirectory: DataDirectory(path))
    }

    /// Used when neither `--data-dir` nor `ISOFLEET_DATA_DIR` names a data directory.
    public static let defaultDataDirectoryPath = DataDirectory.defaultPath

    /// The data directory's absolute path.
    public var dataDirectoryPath: String { dataDirectory.root }

    /// Creates the data directory and its working folders when missing.
    public func prepareDataDirectory() throws(DaemonError) {
        do { try dataDirectory.create() } catch {
            throw DaemonError(.io, "cannot create data directory \(dataDirectory.root): \(error.localizedDescription)")
        }
    }

    /// Creates the data directory and repository when missing, then opens the store.
    /// - Throws: ``DaemonError`` (`io`, or `invalidInput` for a repository path that cannot be one).
    public func openStore() throws(DaemonError) -> CatalogStore {
        if let kind = FileSystemKind.of(dataDirectory.root), kind.isNetwork {
            throw DaemonError(
                .invalidInput,
                "data directory \(dataDirectory.root) is on a network file system (\(kind)); its SQLite database needs a local disk: choose a local --data-dir (the repository may stay on the share)"
            )
        }
        do {
            try dataDirectory.create()
        } catch {
            throw DaemonError(.io, "cannot create data directory \(dataDirectory.root): \(error.localizedDescription)")
        }
        do { try repository.create() } catch {
            throw DaemonError(error.code == .invalidInput ? .invalidInput : .io, error.description)
        }
        let store: CatalogStore
        do {
            store = try CatalogStore(databasePath: dataDirectory.database, inventoryPath: dataDirectory.inventory)
        } catch {
            throw DaemonError(.io, error.description)
        }
        adoptStoredLayout(from: store)
        return store
    }

    /// The store opened with ``openStore()``, with the site, as the node's parts share them.
    public func environment(engines: NodeEngines = .none) throws(DaemonError) -> NodeEnvironment {
        NodeEnvironment(site: self, store: try openStore(), engines: engines)
    }

    /// Directories a scan or import never descends into.
    public var excludedDirectories: Set<String> { [dataDirectory.incomplete, dataDirectory.resume] }

    /// The BitTorrent listen address: `swarm.listen`, else every address on port 6881.
    public var swarmListen: String { configuration[.swarmListen] ?? "0.0.0.0:6881" }

    /// The manifest synchroniser for `store`, from `manifest.url`, `manifest.min_age`, `manifest.keys`
    /// and `manifest.allow_unverified`.
    /// - Throws: ``DaemonError`` `invalidInput` for a malformed duration, key or switch.
    public func manifestSynchronizer(store: CatalogStore) throws(DaemonError) -> ManifestSynchronizer {
        let minAge: Duration
        do {
            minAge = try configuration.duration(.manifestMinAge) ?? .seconds(3600)
        } catch {
            throw DaemonError(.invalidInput, error.description)
        }
        return ManifestSynchronizer(
            store: store, url: configuration[.manifestURL], minAge: minAge, trust: try manifestTrust(),
            downloader: ManifestDownloader(
                settings: try fetchSettings(), remote: try remoteAccess(settings: try fetchSettings())))
    }

    /// The update runner for `store`: the manifest synchroniser, the HTTP acquirer, the swarm
    /// acquirer when a session is given (`swarm.origin_pieces`, `swarm.stall_timeout`), and the
    /// fleet the acquisition policy reads at each run. `handovers` keeps finished torrents
    /// seeding after placement; the download directories of handovers a stopped process left
    /// behind are deleted here.
    /// - Throws: ``DaemonError`` `invalidInput` for a malformed setting.
    public func updateRunner(
        store: CatalogStore, swarm: SwarmSession?, fleet: any FleetMembership,
        handovers: SwarmHandover = SwarmHandover()
    ) throws(DaemonError) -> UpdateRunner {
        // Limited to fetch.allow_hosts and the manifest's own host (NodeSite+ManifestTrust.swift).
        let sourceSettings = try manifestSourceFetchSettings()
        let remote = try remoteAccess(settings: sourceSettings)
        let fetcher = ImageFetcher(settings: sourceSettings, remote: remote)
        var acquirers: [any ImageAcquirer] = [
            HTTPAcquirer(fetcher: fetcher),
            StorageAcquirer(fetcher: fetcher, allowedFileRoots: try allowedFileSourceRoots()),
        ]
        if let swarm {
            let originPieces: Bool
            let stallTimeout: Duration
            do {
                originPieces = try configuration.flag(.swarmOriginPieces) ?? true
                stallTimeout = try configuration.duration(.swarmStallTimeout) ?? .seconds(60)
            } catch {
                throw DaemonError(.invalidInput, error.description)
            }
            SwarmHandover.removeLeftovers(in: dataDirectory.incomplete)
            acquirers.append(
                SwarmAcquirer(
                    session: swarm, fleet: fleet, originPieces: originPieces, stallTimeout: stallTimeout,
                    handovers: handovers,
                    downloader: ManifestDownloader(settings: sourceSettings, allowsFileURLs: false, remote: remote),
                    reader: RangeReader(settings: sourceSettings, remote: remote)))
        }
        return UpdateRunner(
            store: store, repository: repository, dataDirectory: dataDirectory,
            synchronizer: try manifestSynchronizer(store: store), acquirers: acquirers, fleet: fleet)
    }

    /// A swarm session listening on `listen` (resume data in `DATA_DIR/resume/`), not yet started.
    public func swarmSession(listen: String, uploadRateLimit: Int = 0) -> SwarmSession {
        var settings = SwarmSettings(listen: listen)
        settings.uploadRateLimit = uploadRateLimit
        return SwarmSession(settings: settings, resumeStore: ResumeStore(directory: dataDirectory.resume))
    }

    /// A started swarm session for a foreground `update` run, or nil when there is no fleet peer
    /// to fetch from.
    /// - Throws: ``DaemonError`` `io` when the session cannot listen.
    public func updateSwarmSession(listen: String, peers: [String]) async throws(DaemonError) -> SwarmSession? {
        guard !peers.isEmpty else { return nil }
        let session = swarmSession(listen: listen)
        do { try await session.start() } catch { throw DaemonError(.io, error.message) }
        return session
    }

    /// The fixed fleet of a foreground command: `peers`, and this node's own endpoint when
    /// `session` listens on one address (so that its rank is the one every member computes).
    public func staticFleet(peers: [String], listen: String, session: SwarmSession?) async -> StaticFleetMembership {
        guard let session, let port = try? await session.listenPort() else {
            return StaticFleetMembership(peers: peers)
        }
        return StaticFleetMembership(
            peers: peers, selfAddress: HostPort.advertised(listen: listen, port: port)?.description)
    }
}
