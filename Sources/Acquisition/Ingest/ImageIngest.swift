import Common
public import Fetch
import Foundation
import ISOCatalog
public import ISOStore
public import Logging
public import Repository
public import Swarm
public import WireTypes

/// Additions of sources (the daemon's `MagnetIngest`): each added source is fetched in the background — magnet links
/// and `.torrent`s through the node's ``SwarmSession``, image URLs with the HTTP fetcher — into
/// `incomplete/`, verified, moved to its layout path and registered (``IngestPlacer``); then
/// `placed` runs (the seeder's refresh, so the image is seeded at once). Every addition stays
/// listed (``additions()``) with its bytes, rate and peers, or its failure's reason. A swarm
/// addition fails when no peer sends its metadata, or no byte arrives, for ``stallTimeout``
/// (``AdditionStallWatch``); ``cancel(id:)`` stops one and removes its partial files.
public actor ImageIngest {
    let session: SwarmSession?
    let placer: IngestPlacer
    let dataDirectory: DataDirectory
    let peers: @Sendable () async -> [String]
    let placed: @Sendable () async -> Void
    let logger: Logger
    /// Seconds between two looks at a running torrent.
    let pollInterval: Duration
    /// Whether a local `.torrent` path is a source (the command line's foreground `add`; never
    /// the daemon, whose callers may not name its files).
    let allowsFiles: Bool
    /// The bounds of a direct download (`fetch.max_size`, `fetch.min_rate`: `NodeSite.fetchSettings()`).
    let fetchSettings: FetchSettings
    /// How long a swarm addition waits for metadata or for its next byte (`add.stall_timeout`).
    public let stallTimeout: Duration
    var entries: [Int: AdditionStatus] = [:]
    private var nextID = 1
    /// The fetch of each addition still running, so that ``cancelAll()`` and ``cancel(id:)`` can stop them.
    var running: [Int: Task<Void, Never>] = [:]
    /// What each addition has written so far, for ``cancel(id:)`` to remove.
    var leftovers: [Int: AdditionLeftovers] = [:]

    /// - Parameters:
    ///   - session: the daemon's running swarm session; nil refuses magnet links and `.torrent`s (503).
    ///   - peers: fleet peers to connect each torrent to.
    ///   - placed: runs after each image is placed.
    public init(
        session: SwarmSession?, repository: Repository, store: CatalogStore, dataDirectory: DataDirectory,
        peers: @escaping @Sendable () async -> [String] = { [] }, placed: @escaping @Sendable () async -> Void = {},
        pollInterval: Duration = .milliseconds(500), allowsFiles: Bool = false,
        fetchSettings: FetchSettings = FetchSettings(), stallTimeout: Duration = .seconds(600), logger: Logger
    ) {
        self.stallTimeout = stallTimeout
        self.allowsFiles = allowsFiles
        self.fetchSettings = fetchSettings
        self.session = session
        placer = IngestPlacer(repository: repository, store: store)
        self.dataDirectory = dataDirectory
        self.peers = peers
        self.placed = placed
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Checks `source`, lists it and starts fetching it in the background.
    /// - Throws: ``IngestError``: `invalidInput` (not a source, bad sha256, a `.torrent` that does
    ///   not parse), `conflict` (its path is taken or it is being added), `unavailable` (no swarm),
    ///   `failure` (the `.torrent` cannot be fetched).
    public func add(source text: String, sha256: String?) async throws -> AdditionStatus {
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw IngestError(.invalidInput, "sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
        let source = try IngestSource(parsing: text, allowFiles: allowsFiles)
        if entries.values.contains(where: { $0.source == text && !$0.isFinished }) {
            throw IngestError(.conflict, "\(text) is being added already")
        }
        var torrent: IngestTorrent?
        var name = source.imageFileName
        if source.needsSwarm {
            let loaded = try await IngestTorrent.load(source)
            guard session != nil else {
                throw IngestError(
                    .unavailable, "magnet links and .torrent files need the swarm, which is not running on this node")
            }
            torrent = loaded
            name = loaded.metadata.name
        }
        if let name { try IngestTarget(fileName: name, repository: placer.repository).checkFree() }
        let id = nextID
        nextID += 1
        var entry = AdditionStatus(id: id, source: text, via: torrent == nil ? "origin" : "swarm", name: name)
        entry.hasMetadata = torrent.map { $0.metadata.totalSize != nil } ?? true
        entries[id] = entry
        logger.info("add #\(id): \(text.prefix(120))")
        running[id] = Task { await self.run(id: id, source: source, torrent: torrent, sha256: sha256) }
        return entries[id]!
    }

    /// Every addition of this daemon's life, newest first.
    public func additions() -> [AdditionStatus] {
        entries.values.sorted { $0.id > $1.id }
    }

    /// One addition, by id.
    public func addition(id: Int) -> AdditionStatus? { entries[id] }

    /// Stops every running addition and waits for them to end (the daemon's shutdown). What was
    /// fetched stays in `incomplete/` (resume data for torrents) for a later addition.
    public func cancelAll() async {
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Waits until no addition runs.
    public func waitForAll() async {
        for task in Array(running.values) { await task.value }
    }

    private func finished(_ id: Int) { running[id] = nil }

    private func run(id: Int, source: IngestSource, torrent: IngestTorrent?, sha256: String?) async {
        defer { finished(id) }
        do {
            let (file, target) =
                if let torrent, let session {
                    try await fetchFromSwarm(id: id, torrent: torrent, session: session)
                } else if case .imageURL(let url) = source {
                    try await fetchFromOrigin(id: id, url: url, sha256: sha256)
                } else {
                    throw IngestError(.invalidInput, "nothing to fetch")
                }
            // A cancelled fetch never reaches its path (cancel(id:) refuses once placing started).
            try Task.checkCancellation()
            entries[id]?.state = .placing
            let placer = placer
            let kind: AcquisitionSource = torrent == nil ? .catalog : .magnet
            let stored = try await OffPool.run("isofleet-ingest") { () -> Result<StoredImage?, IngestError> in
                do throws(IngestError) {
                    return .success(try placer.place(file, at: target, expectedSHA256: sha256, source: kind))
                } catch { return .failure(error) }
            }.get()
            entries[id]?.state = .done
            // Placed: nothing of it is left to cancel.
            leftovers[id] = nil
            entries[id]?.path = target.absolutePath
            entries[id]?.registered = stored != nil
            entries[id]?.bytesPerSecond = 0
            logger.info(
                "add #\(id): placed \(target.relativePath)\(stored == nil ? " (name tells no identity: not registered)" : "")"
            )
            await placed()
        } catch {
            if entries[id]?.state == .cancelled { return }
            entries[id]?.state = .failed
            entries[id]?.bytesPerSecond = 0
            entries[id]?.error = (error as? IngestError)?.message ?? "\(error)"
            logger.error("add #\(id) failed: \(entries[id]?.error ?? "")")
        }
    }

    private func fetchFromSwarm(
        id: Int, torrent: IngestTorrent, session: SwarmSession
    ) async throws -> (String, IngestTarget) {
        var options = AddOptions(savePath: dataDirectory.incomplete)
        options.peers = await peers()
        let handle: TorrentID
        do { handle = try await session.add(torrent.source, options: options) } catch {
            throw IngestError(error.code == .invalidArgument ? .invalidInput : .failure, error.message)
        }
        leftovers[id, default: AdditionLeftovers()].torrent = handle
        leftovers[id]?.infoHashes = torrent.metadata.infoHashes
        if let name = torrent.metadata.name { leftovers[id]?.files.append(dataDirectory.incomplete + "/" + name) }
        let interval = pollInterval
        let timeout = stallTimeout
        let finished: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    try await session.waitUntilFinished(handle)
                    return .success(())
                } catch { return .failure(error) }
            }
            group.addTask {
                var watch = AdditionStallWatch(timeout: timeout)
                while !Task.isCancelled {
                    if let status = try? await session.status(of: handle) {
                        await self.record(id: id, status)
                        if let stalled = watch.observe(
                            hasMetadata: status.hasMetadata, bytesDone: status.totalDone,
                            totalBytes: status.hasMetadata ? status.totalWanted : nil, peers: status.peers)
                        {
                            return .failure(stalled)
                        }
                    }
                    try? await Task.sleep(for: interval)
                }
                return nil
            }
            var outcome: Result<Void, any Error> = .failure(
                IngestError(.failure, "the download ended without a result"))
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
        let status = try? await session.status(of: handle)
        if let status { record(id: id, status) }
        // A cancelled addition stays in the session, which saves its resume data when it closes,
        // so the next addition of the same source continues it.
        if !Task.isCancelled {
            try? await session.remove(handle)
            // Gone from the session with its files kept: a later cancel deletes them itself.
            leftovers[id]?.torrent = nil
        }
        if case .failure(let error) = finished {
            if let error = error as? IngestError { throw error }
            if Task.isCancelled { throw CancellationError() }
            throw IngestError(.failure, (error as? SwarmError)?.message ?? "\(error)")
        }
        let name = status?.name ?? torrent.metadata.name ?? ""
        let target = try IngestTarget(fileName: name, repository: placer.repository)
        if let hashes = status?.infoHashes ?? Optional(torrent.metadata.infoHashes) {
            ResumeStore(directory: dataDirectory.resume).remove(for: hashes)
        }
        return (dataDirectory.incomplete + "/" + name, target)
    }

    private func fetchFromOrigin(id: Int, url: URL, sha256: String?) async throws -> (String, IngestTarget) {
        let target = try IngestTarget(fileName: url.lastPathComponent, repository: placer.repository)
        let partial = dataDirectory.incomplete + "/\(target.fileName).part"
        leftovers[id, default: AdditionLeftovers()].files.append(partial)
        let request = FetchRequest(mirrors: [url], destination: partial, expectedSHA256: sha256)
        do {
            let result = try await ImageFetcher(settings: fetchSettings).fetch(request) { progress in
                Task { await self.record(id: id, progress) }
            }
            return (result.path, target)
        } catch {
            throw IngestError(.failure, error.description)
        }
    }

    private func record(id: Int, _ status: TorrentStatus) {
        guard var entry = entries[id], !entry.isFinished else { return }
        if status.hasMetadata {
            entry.hasMetadata = true
            entry.state = entry.state == .starting ? .fetching : entry.state
            let file = dataDirectory.incomplete + "/" + status.name
            if !status.name.isEmpty, leftovers[id]?.files.contains(file) == false { leftovers[id]?.files.append(file) }
            entry.name = status.name
            entry.totalBytes = status.totalWanted
        }
        entry.bytesDone = status.totalDone
        entry.bytesPerSecond = Double(status.payloadDownloadRate)
        entry.peers = status.peers
        entries[id] = entry
    }

    private func record(id: Int, _ progress: FetchProgress) {
        guard var entry = entries[id], !entry.isFinished, entry.state != .placing else { return }
        entry.state = .fetching
        entry.hasMetadata = true
        entry.bytesDone = progress.bytesDone
        entry.totalBytes = progress.totalBytes
        entry.bytesPerSecond = progress.bytesPerSecond
        entries[id] = entry
    }
}
