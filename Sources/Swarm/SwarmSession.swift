public import Foundation

/// The BitTorrent engine: one actor owning one libtorrent session.
///
/// Lifecycle: ``start()`` → running → ``shutdown(deadline:)`` → stopped; every operation on a session
/// that is not running throws `.notRunning`. Events arrive through ``events()``; they are driven by
/// the library's own wake-ups (a file descriptor), never by polling. With a ``ResumeStore``, resume
/// data is written whenever it is produced, loaded when a torrent is added again, and saved for
/// every torrent at shutdown, so a restarted node does not download again what it has.
public actor SwarmSession {
    /// Where the session is in its life.
    public enum Lifecycle: String, Sendable {
        case idle, running, stopping, stopped
    }

    enum State {
        case idle
        case running(SessionHandle, EventPump)
        case stopping
        case stopped
    }

    /// The settings the session was made with.
    public nonisolated let settings: SwarmSettings
    /// Where resume data is kept, if anywhere.
    public nonisolated let resumeStore: ResumeStore?

    var state = State.idle
    private var consumer: Task<Void, Never>?
    var torrents: [TorrentID: InfoHashes] = [:]
    var subscribers: [UUID: AsyncStream<SwarmEvent>.Continuation] = [:]
    var resumeWaiters: [TorrentID: [CheckedContinuation<[UInt8], any Error>]] = [:]
    var flushWaiters: [TorrentID: [CheckedContinuation<Void, any Error>]] = [:]
    var finishWaiters: [TorrentID: [UUID: CheckedContinuation<Void, any Error>]] = [:]
    var removeWaiters: [TorrentID: [UUID: CheckedContinuation<Void, Never>]] = [:]

    /// A session that does nothing until ``start()``.
    public init(settings: SwarmSettings, resumeStore: ResumeStore? = nil) {
        self.settings = settings
        self.resumeStore = resumeStore
    }

    deinit {
        // Dropped without shutdown(): do not leak the libtorrent session and its threads.
        if case .running(_, let pump) = state { pump.abandon() }
    }

    /// Where the session is in its life.
    public var lifecycle: Lifecycle {
        switch state {
        case .idle: .idle
        case .running: .running
        case .stopping: .stopping
        case .stopped: .stopped
        }
    }

    /// Creates the libtorrent session and starts listening; `.listen` naming the address when it
    /// cannot. A session starts once.
    public func start() throws(SwarmError) {
        guard case .idle = state else { throw SwarmError(.notRunning, "the swarm session was started already") }
        let handle = try SessionHandle(settings: settings)
        let (stream, continuation) = AsyncStream<ShimEvent>.makeStream()
        let pump: EventPump
        do {
            pump = try EventPump(handle: handle, continuation: continuation)
        } catch {
            try? handle.destroy(deadline: .seconds(5))
            throw error
        }
        state = .running(handle, pump)
        consumer = Task { [weak self] in
            for await event in stream {
                await self?.handle(event)
            }
        }
        pump.start()
    }

    /// The TCP port the session listens on (useful after asking for port 0).
    public func listenPort() throws(SwarmError) -> UInt16 {
        try running().listenPort()
    }

    /// A new stream of everything that happens from now on; it ends when the session stops.
    public func events() -> AsyncStream<SwarmEvent> {
        let (stream, continuation) = AsyncStream<SwarmEvent>.makeStream()
        guard case .running = state else {
            continuation.finish()
            return stream
        }
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// Adds a torrent. Never auto-managed (no queueing, no seed limits).
    ///
    /// Without explicit resume data, the ``ResumeStore``'s data for the torrent is used; if the
    /// library rejects it, the torrent is added without it and ``SwarmEvent/resumeDataRejected(_:message:)`` tells.
    public func add(_ source: TorrentSource, options: AddOptions) throws(SwarmError) -> TorrentID {
        let handle = try running()
        let metadata = try source.inspect()
        var options = options
        var stored = false
        if options.resumeData == nil, let resumeStore, let data = resumeStore.load(for: metadata.infoHashes) {
            options.resumeData = data
            stored = true
        }
        let id: TorrentID
        var rejection: SwarmError?
        do {
            id = try handle.add(source, options: options)
        } catch  where stored && (error.code == .badResumeData || error.code == .resumeDataMismatch) {
            rejection = error
            options.resumeData = nil
            id = try handle.add(source, options: options)
        }
        torrents[id] = metadata.infoHashes
        if let rejection { publish(.resumeDataRejected(id, message: rejection.message)) }
        return id
    }

    /// Removes a torrent and returns once the library reports it gone. To move its files afterwards,
    /// let ``waitUntilFinished(_:)`` or ``flush(_:)`` complete first (they write and close them).
    public func remove(_ torrent: TorrentID, deleteFiles: Bool = false) async throws(SwarmError) {
        let handle = try running()
        try handle.remove(torrent, deleteFiles: deleteFiles)
        let token = UUID()
        let deadline = Task { [weak self] in
            try? await Task.sleep(for: .seconds(10))
            await self?.releaseRemoveWaiter(torrent, token)
        }
        await withCheckedContinuation { removeWaiters[torrent, default: [:]][token] = $0 }
        deadline.cancel()
    }

    /// The removal was never confirmed: stop waiting and forget the torrent.
    private func releaseRemoveWaiter(_ torrent: TorrentID, _ token: UUID) {
        guard let waiter = removeWaiters[torrent]?.removeValue(forKey: token) else { return }
        torrents[torrent] = nil
        waiter.resume()
    }

    /// Stops transferring without removing the torrent.
    public func pause(_ torrent: TorrentID) throws(SwarmError) { try running().pause(torrent) }

    /// Undoes ``pause(_:)``.
    public func resume(_ torrent: TorrentID) throws(SwarmError) { try running().resume(torrent) }

    /// Per-torrent rate limits in bytes per second; 0 = unlimited.
    public func setRateLimits(_ torrent: TorrentID, upload: Int, download: Int) throws(SwarmError) {
        try running().setRateLimits(torrent, upload: upload, download: download)
    }

    /// Session-wide rate limits in bytes per second (local peers included); 0 = unlimited.
    public func setRateLimits(upload: Int, download: Int) throws(SwarmError) {
        try running().setSessionRateLimits(upload: upload, download: download)
    }

    /// Adds a known peer to the torrent and connects to it when a slot is free.
    public func connectPeer(_ torrent: TorrentID, host: String, port: UInt16) throws(SwarmError) {
        try running().connectPeer(torrent, host: host, port: port)
    }

    /// A snapshot of the torrent.
    public func status(of torrent: TorrentID) throws(SwarmError) -> TorrentStatus {
        try running().status(torrent)
    }

    /// Which pieces the torrent has, is fetching, and its peers have (needs the metadata).
    public func pieceMap(of torrent: TorrentID) throws(SwarmError) -> PieceMap {
        try running().pieceMap(torrent)
    }

    /// The torrents in the session.
    public var torrentIDs: [TorrentID] { Array(torrents.keys) }

    /// The torrent's .torrent file (needs its metadata).
    public func torrentFile(of torrent: TorrentID) throws(SwarmError) -> Data {
        try running().torrentFile(torrent)
    }

    /// Feeds a whole piece fetched elsewhere; it is hash-checked like one from a peer.
    public func addPiece(_ torrent: TorrentID, piece: Int, data: Data) throws(SwarmError) {
        try running().addPiece(torrent, piece: piece, data: data)
    }

    /// Returns once every write of the torrent requested so far has reached the file system.
    public func flush(_ torrent: TorrentID) async throws {
        let handle = try running()
        try handle.requestFlush(torrent)
        try await withCheckedThrowingContinuation { flushWaiters[torrent, default: []].append($0) }
    }

    /// Produces the torrent's resume data (also written to the ``ResumeStore``, if any), after
    /// flushing its writes so that the data never claims a piece that is not on disk yet.
    public func saveResumeData(for torrent: TorrentID) async throws -> [UInt8] {
        try await flush(torrent)
        let handle = try running()  // re-check: the session may have stopped while flushing
        try handle.requestResumeData(torrent)
        return try await withCheckedThrowingContinuation { resumeWaiters[torrent, default: []].append($0) }
    }

    /// Returns once every wanted piece of the torrent is downloaded, verified and written to disk;
    /// throws `.torrentFailed` when the torrent stops on a file or torrent error, `CancellationError`
    /// when the calling task is cancelled.
    ///
    /// libtorrent reports a piece as had (and the torrent as finished) once its hash passed, which
    /// can be before the disk thread has written it; so this then flushes the torrent's writes and
    /// saves its resume data (into the store, if any).
    public func waitUntilFinished(_ torrent: TorrentID) async throws {
        try await waitForFinishedEvent(torrent)
        _ = try await saveResumeData(for: torrent)
    }

    private func waitForFinishedEvent(_ torrent: TorrentID) async throws {
        let handle = try running()
        let status = try handle.status(torrent)
        if Self.isComplete(status) { return }
        // The error event may have been handled before this call: the status still tells.
        if let error = status.error { throw SwarmError(.torrentFailed, error) }
        let token = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    waiter.resume(throwing: CancellationError())
                } else {
                    finishWaiters[torrent, default: [:]][token] = waiter
                }
            }
        } onCancel: {
            Task { await self.cancelFinishWaiter(torrent, token) }
        }
    }

    private func cancelFinishWaiter(_ torrent: TorrentID, _ token: UUID) {
        finishWaiters[torrent]?.removeValue(forKey: token)?.resume(throwing: CancellationError())
    }

    /// Saves resume data for every torrent (when there is a store), then stops the session,
    /// waiting at most `deadline` in all. Safe to call more than once.
    public func shutdown(deadline: Duration = .seconds(10)) async {
        guard case .running(let handle, let pump) = state else { return }
        let start = ContinuousClock.now
        if resumeStore != nil {
            await saveAllResumeData(within: deadline * 0.6)
        }
        // Re-check after the await: another shutdown may have run meanwhile.
        guard case .running = state else { return }
        state = .stopping
        await pump.stop()
        consumer?.cancel()
        consumer = nil
        let remaining = max(.milliseconds(500), deadline - (ContinuousClock.now - start))
        try? handle.destroy(deadline: remaining)
        state = .stopped
        failWaiters(SwarmError(.notRunning, "the swarm session stopped"))
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// Asks every torrent for resume data and waits until all answered or `limit` passed.
    public func saveAllResumeData(within limit: Duration) async {
        let ids = Array(torrents.keys)
        await withTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask { _ = try? await self.saveResumeData(for: id) }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                await self.abandonResumeWaiters(ids)
            }
            for _ in ids { await group.next() }
            group.cancelAll()
        }
    }

    // MARK: - Internals

    func running() throws(SwarmError) -> SessionHandle {
        guard case .running(let handle, _) = state else {
            throw SwarmError(.notRunning, "the swarm session is \(lifecycle.rawValue), not running")
        }
        return handle
    }

    static func isComplete(_ status: TorrentStatus) -> Bool {
        status.hasMetadata && (status.state == .finished || status.state == .seeding)
    }
}
