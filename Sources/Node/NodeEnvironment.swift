public import ISOStore
public import Repository

/// Everything the daemon's parts share: configuration, data directory, repository, the open
/// store, and the engines available in this build.
public struct NodeEnvironment: Sendable {
    public let configuration: Configuration
    public let dataDirectory: DataDirectory
    public let repository: Repository
    public let store: CatalogStore
    public var engines: NodeEngines

    public init(
        configuration: Configuration, dataDirectory: DataDirectory, repository: Repository,
        store: CatalogStore, engines: NodeEngines = .none
    ) {
        self.configuration = configuration
        self.dataDirectory = dataDirectory
        self.repository = repository
        self.store = store
        self.engines = engines
    }

    /// The run-time settings over this store and configuration.
    public var settings: RuntimeSettings { RuntimeSettings(store: store, configuration: configuration) }

    /// The node's status figures (``NodeStatus``).
    public func status() throws(StoreError) -> NodeStatus {
        try NodeStatus.compute(store: store, dataDirectory: dataDirectory, repository: repository, settings: settings)
    }

    /// Directories a scan never descends into.
    public var excludedDirectories: Set<String> { [dataDirectory.incomplete, dataDirectory.resume] }
}
