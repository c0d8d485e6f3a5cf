public import Acquisition
public import Common
public import Foundation
public import ISOCatalog
public import ISOStore
public import Repository

/// Runs update runs (design §1, §7): refresh the manifest (per `manifest.min_age`) → read
/// selections and holdings → ``DeletionPlanner/plan`` → acquire, verify, place and record each
/// fetch → plan again with what is now held → delete what that plan deletes → report.
///
/// **Serialized, refusing:** one run at a time per data directory. A second ``run(prune:forceSync:)``
/// while one is in progress — in this process or another (`DATA_DIR/update.lock`) — fails at once
/// with ``UpdateError/Code/busy`` rather than queueing: the caller (CLI, page) says so, and a later
/// request starts a fresh run on a fresh manifest. Dry runs (``preview(prune:forceSync:)``) are
/// never refused: they change nothing.
///
/// Deletions are decided after the fetches, so a replacement counts only once it is placed and
/// verified (rule 3), and only when the manifest is current (rule 4); a cancelled run deletes
/// nothing. Fetches run one after the other. Progress is published to every ``events()`` stream.
public actor UpdateRunner {
    /// Whether a run is in progress.
    public enum State: Sendable, Equatable {
        case idle
        case running(since: Date)
    }

    /// The state of this runner (a run in another process shows only through `busy`).
    public private(set) var state: State = .idle

    public nonisolated let store: CatalogStore
    public nonisolated let repository: Repository
    public nonisolated let dataDirectory: DataDirectory
    public nonisolated let synchronizer: ManifestSynchronizer
    public nonisolated let acquirers: [any ImageAcquirer]
    /// The fleet as known at each run: with peers, images with a torrent come from the swarm first.
    public nonisolated let fleet: any FleetMembership
    let broadcaster = UpdateEventBroadcaster()
    /// The run started by ``launch(prune:forceSync:)``, while it runs.
    private var launched: Task<Void, Never>?
    /// How the last run ended: its report, or why it could not run. Nil before the first run.
    public private(set) var lastOutcome: Result<UpdateReport, UpdateError>?

    /// - Parameters:
    ///   - acquirers: the ways to bring bytes (``HTTPAcquirer``, a swarm acquirer); the
    ///     ``AcquisitionPolicy`` orders them per image with the fleet's peer count at the run's start.
    public init(
        store: CatalogStore, repository: Repository, dataDirectory: DataDirectory, synchronizer: ManifestSynchronizer,
        acquirers: [any ImageAcquirer] = [HTTPAcquirer()], fleet: any FleetMembership = StaticFleetMembership(peers: [])
    ) {
        self.store = store
        self.repository = repository
        self.dataDirectory = dataDirectory
        self.synchronizer = synchronizer
        self.acquirers = acquirers
        self.fleet = fleet
    }

    /// The events of the runs from now on; iterate until done, then drop the stream.
    public nonisolated func events() -> AsyncStream<UpdateEvent> { broadcaster.subscribe() }

    /// What a run would do now, changing nothing: the manifest is refreshed in memory only (per
    /// min_age; the store is not written), and deletions are those the run would make once every
    /// planned fetch succeeded.
    ///
    /// Each fetch names the source the run tries first (``AcquisitionPolicy/firstSource(for:among:)``
    /// with the fleet as it is now). With `scope` limited to some selections, only their images
    /// are fetched and deleted (``UpdateScope``). `swarmExpected`: the run this stands for will
    /// have a swarm acquirer this runner lacks (a foreground dry run with fleet peers).
    public func preview(
        prune: Bool = false, forceSync: Bool = false, scope: UpdateScope = .all, swarmExpected: Bool = false
    ) async throws(UpdateError)
        -> (plan: UpdatePlan, manifest: ManifestSyncResult)
    {
        let sync = await synchronizer.sync(force: forceSync, persist: false)
        let manifest = try Self.manifest(of: sync)
        let inputs = try readInputs()
        var before = scope.limit(
            makePlan(inputs, manifest: manifest, isCurrent: sync.isCurrent, prune: prune), inputs: inputs)
        let policy = AcquisitionPolicy(fleetPeerCount: await fleet.snapshot().peers.count)
        for index in before.fetch.indices {
            if let first = policy.firstSource(
                for: before.fetch[index].image, among: acquirers, swarmExpected: swarmExpected)
            {
                before.fetch[index].source = first
            }
        }
        // What the run would refuse to fetch (no sha256 without manifest.allow_unverified) is a skip.
        let refused = before.fetch.compactMap { fetch in
            synchronizer.trust.refusal(of: fetch.image).map {
                PlannedEntry(identity: fetch.identity, path: fetch.path, reason: $0)
            }
        }
        before.fetch.removeAll { fetch in refused.contains { $0.identity == fetch.identity } }
        before.skip += refused
        let simulated = before.fetch.map { fetch in
            Holding(
                identity: fetch.identity, path: fetch.path, source: .manifest,
                selectionIDs: Set(fetch.selections.compactMap { inputs.storedBySpec[$0].map { String($0.id) } }),
                state: .verified, sha256: fetch.image.sha256?.lowercased())
        }
        var after = inputs
        after.held += simulated
        let afterPlan = scope.limit(
            makePlan(after, manifest: manifest, isCurrent: sync.isCurrent, prune: prune), inputs: after)
        let fetched = Set(simulated.map(\.identity))
        var result = before
        result.delete = afterPlan.delete
        result.keep = afterPlan.keep.filter { !fetched.contains($0.identity) }
        return (result, sync)
    }

    /// Runs an update run to its end. Single fetches and deletions that fail are in the report;
    /// the others still complete.
    /// - Throws: ``UpdateError``: `busy` when a run is in progress, `noManifest` when no good
    ///   manifest is held or could be fetched, `store`/`io` when the node cannot work at all.
    public func run(
        prune: Bool = false, forceSync: Bool = false, scope: UpdateScope = .all
    ) async throws(UpdateError) -> UpdateReport {
        let lock = try begin()
        return try await perform(lock: lock, prune: prune, forceSync: forceSync, scope: scope)
    }

    /// Starts a run in the background and returns at once (the daemon's `POST /api/v1/update`):
    /// a one-line description. Follow it with ``events()``; its outcome ends in ``lastOutcome``.
    /// - Throws: ``UpdateError`` `busy` when a run is in progress, `io` when the data directory
    ///   cannot be prepared.
    @discardableResult
    public func launch(
        prune: Bool = false, forceSync: Bool = false, scope: UpdateScope = .all
    ) throws(UpdateError) -> String {
        let lock = try begin()
        let started = Date()
        launched = Task { _ = try? await self.perform(lock: lock, prune: prune, forceSync: forceSync, scope: scope) }
        return "update run started \(RFC3339.string(from: started))\(scope.description)"
    }

    /// Cancels a run started with ``launch(prune:forceSync:)`` (shutdown): its transfers stop and
    /// keep their bytes, and it deletes nothing. Returns once it has ended.
    public func cancelLaunched() async {
        guard let task = launched else { return }
        task.cancel()
        await task.value
    }

    /// Checks that no run is in progress here or in another process, and marks this one running.
    private func begin() throws(UpdateError) -> UpdateRunLock {
        if case .running(let since) = state {
            throw UpdateError(
                .busy,
                "an update run is already in progress (started \(RFC3339.string(from: since))); "
                    + "try again when it has finished")
        }
        do { try dataDirectory.create() } catch {
            throw UpdateError(.io, "cannot create \(dataDirectory.root): \(error.localizedDescription)")
        }
        guard let lock = try UpdateRunLock(path: dataDirectory.root + "/update.lock") else {
            throw UpdateError(
                .busy,
                "another process is running an update run on \(dataDirectory.root) "
                    + "(update.lock is held); try again when it has finished")
        }
        state = .running(since: Date())
        return lock
    }

    /// Runs the steps, records the outcome, and releases the run.
    private func perform(
        lock: UpdateRunLock, prune: Bool, forceSync: Bool, scope: UpdateScope
    ) async throws(UpdateError) -> UpdateReport {
        defer {
            state = .idle
            launched = nil
            lock.unlock()
        }
        do {
            let report = try await steps(prune: prune, forceSync: forceSync, scope: scope)
            lastOutcome = .success(report)
            return report
        } catch {
            lastOutcome = .failure(error)
            recordLastRun(.failure(error))
            broadcaster.publish(.runFailed(error))
            throw error
        }
    }
}
