public import ISOStore
public import Repository
public import WireTypes

/// Everything the daemon's parts share: the site (configuration, data directory, repository),
/// the open store, and the engines this process runs.
public struct NodeEnvironment: Sendable {
    public let site: NodeSite
    public let store: CatalogStore
    public var engines: NodeEngines
    /// The cached manifest's figures, parsed once per stored manifest (shared by every copy).
    public let manifestFacts = ManifestFacts()

    public init(site: NodeSite, store: CatalogStore, engines: NodeEngines = .none) {
        self.site = site
        self.store = store
        self.engines = engines
    }

    public var configuration: Configuration { site.configuration }
    public var dataDirectory: DataDirectory { site.dataDirectory }
    public var repository: Repository { site.repository }

    /// The run-time settings over this store and configuration.
    public var settings: RuntimeSettings { RuntimeSettings(store: store, configuration: configuration) }

    /// The node's status figures (``NodeStatus``).
    public func status() throws(RequestError) -> NodeStatus {
        do {
            return try NodeStatus.compute(
                store: store, dataDirectory: dataDirectory, repository: repository, settings: settings,
                manifestFacts: manifestFacts)
        } catch {
            throw RequestError(error)
        }
    }

    /// Directories a scan never descends into.
    public var excludedDirectories: Set<String> { site.excludedDirectories }
}
