/// What `isofleet status --json` prints and `GET /api/v1/status` returns: the node's figures, all
/// read from the data directory, so the command line gives the same answer with or without a
/// daemon (it asks the daemon when one runs, and computes this itself otherwise).
///
/// Nothing here depends on the clock or on the process answering (dates are stored dates, no ages),
/// which is what makes the two answers identical. More fields may be added, none removed.
public struct NodeStatus: Codable, Hashable, Sendable {
    /// Images in the store.
    public struct Images: Codable, Hashable, Sendable {
        /// Present on disk (listed in `inventory.json`).
        public var held: Int
        /// Known but not found by the last scan.
        public var missing: Int
        /// Total size of the held images.
        public var bytes: Int64
        /// Held images without a sha256 (verifiable only by piece hashes).
        public var withoutChecksum: Int
        /// Held images by acquisition source (`scan`, `catalog`, `manifest`, …).
        public var bySource: [String: Int]

        public init(held: Int, missing: Int, bytes: Int64, withoutChecksum: Int, bySource: [String: Int]) {
            self.held = held
            self.missing = missing
            self.bytes = bytes
            self.withoutChecksum = withoutChecksum
            self.bySource = bySource
        }

        enum CodingKeys: String, CodingKey {
            case held, missing, bytes
            case withoutChecksum = "without_checksum"
            case bySource = "by_source"
        }
    }

    /// The selections.
    public struct Selections: Codable, Hashable, Sendable {
        public var total: Int
        /// Those that follow newer versions.
        public var autoUpdate: Int

        public init(total: Int, autoUpdate: Int) {
            self.total = total
            self.autoUpdate = autoUpdate
        }

        enum CodingKeys: String, CodingKey {
            case total
            case autoUpdate = "auto_update"
        }
    }

    /// The cached upstream manifest and how its pulling goes.
    public struct ManifestState: Codable, Hashable, Sendable {
        /// Where the last fetch came from; nil before the first attempt.
        public var url: String?
        /// RFC 3339 time of the last good fetch; nil when none.
        public var fetchedAt: String?
        /// RFC 3339 time of the last attempt, good or not.
        public var lastAttempt: String?
        /// Why the last attempt failed; nil when it succeeded.
        public var lastError: String?
        /// Images in the cached manifest; nil without one (or when it no longer parses).
        public var images: Int?
        /// How often it is pulled, as written (`6h`): runtime setting, else configuration.
        public var interval: String
        /// RFC 3339 time the daemon's sync loop pulls next (its last pull's start plus the interval
        /// in force, so a changed interval shows at once); nil when no loop runs.
        public var nextPull: String?

        public init(
            url: String?, fetchedAt: String?, lastAttempt: String?, lastError: String?, images: Int?, interval: String
        ) {
            self.url = url
            self.fetchedAt = fetchedAt
            self.lastAttempt = lastAttempt
            self.lastError = lastError
            self.images = images
            self.interval = interval
        }

        enum CodingKeys: String, CodingKey {
            case url, images, interval
            case nextPull = "next_pull"
            case fetchedAt = "fetched_at"
            case lastAttempt = "last_attempt"
            case lastError = "last_error"
        }

        /// Every key, absent values as `null`, so scripts always find them.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encode(fetchedAt, forKey: .fetchedAt)
            try container.encode(lastAttempt, forKey: .lastAttempt)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(images, forKey: .images)
            try container.encode(interval, forKey: .interval)
            try container.encode(nextPull, forKey: .nextPull)
        }
    }

    /// Absolute path of the data directory.
    public var dataDirectory: String
    /// Absolute path of the repository root.
    public var repository: String
    public var images: Images
    public var selections: Selections
    public var manifest: ManifestState
    /// Transfers by state (`queued`, `running`, `paused`, `failed`, `complete`), every state listed.
    public var transfers: [String: Int]

    public init(
        dataDirectory: String, repository: String, images: Images, selections: Selections, manifest: ManifestState,
        transfers: [String: Int]
    ) {
        self.dataDirectory = dataDirectory
        self.repository = repository
        self.images = images
        self.selections = selections
        self.manifest = manifest
        self.transfers = transfers
    }

    enum CodingKeys: String, CodingKey {
        case repository, images, selections, manifest, transfers
        case dataDirectory = "data_dir"
    }
}
