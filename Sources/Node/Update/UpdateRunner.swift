public import Foundation
public import ISOCatalog
public import ISOStore

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
    public nonisolated let policy: AcquisitionPolicy
    private let broadcaster = UpdateEventBroadcaster()

    /// - Parameters:
    ///   - acquirers: the ways to bring bytes (``HTTPAcquirer``, a swarm acquirer); the policy orders
    ///     them per image.
    public init(
        store: CatalogStore, repository: Repository, dataDirectory: DataDirectory, synchronizer: ManifestSynchronizer,
        acquirers: [any ImageAcquirer] = [HTTPAcquirer()], policy: AcquisitionPolicy = AcquisitionPolicy(fleetPeerCount: 0)
    ) {
        self.store = store
        self.repository = repository
        self.dataDirectory = dataDirectory
        self.synchronizer = synchronizer
        self.acquirers = acquirers
        self.policy = policy
    }

    /// The events of the runs from now on; iterate until done, then drop the stream.
    public nonisolated func events() -> AsyncStream<UpdateEvent> { broadcaster.subscribe() }

    /// What a run would do now, changing nothing: the manifest is refreshed in memory only (per
    /// min_age; the store is not written), and deletions are those the run would make once every
    /// planned fetch succeeded.
    public func preview(prune: Bool = false, forceSync: Bool = false) async throws(UpdateError)
        -> (plan: UpdatePlan, manifest: ManifestSyncResult)
    {
        let sync = await synchronizer.sync(force: forceSync, persist: false)
        let manifest = try Self.manifest(of: sync)
        let inputs = try readInputs()
        let before = makePlan(inputs, manifest: manifest, isCurrent: sync.isCurrent, prune: prune)
        let simulated = before.fetch.map { fetch in
            Holding(
                identity: fetch.identity, path: fetch.path, source: .manifest,
                selectionIDs: Set(fetch.selections.compactMap { inputs.storedBySpec[$0].map { String($0.id) } }),
                state: .verified)
        }
        var after = inputs
        after.held += simulated
        let afterPlan = makePlan(after, manifest: manifest, isCurrent: sync.isCurrent, prune: prune)
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
    public func run(prune: Bool = false, forceSync: Bool = false) async throws(UpdateError) -> UpdateReport {
        if case .running(let since) = state {
            throw UpdateError(.busy, "an update run is already in progress (started \(RFC3339.string(from: since))); "
                + "try again when it has finished")
        }
        do { try dataDirectory.create() } catch {
            throw UpdateError(.io, "cannot create \(dataDirectory.root): \(error.localizedDescription)")
        }
        guard let lock = try UpdateRunLock(path: dataDirectory.root + "/update.lock") else {
            throw UpdateError(.busy, "another process is running an update run on \(dataDirectory.root) "
                + "(update.lock is held); try again when it has finished")
        }
        state = .running(since: Date())
        defer {
            state = .idle
            lock.unlock()
        }

        markInterruptedTransfers()
        let sync = await synchronizer.sync(force: forceSync)
        let manifest = try Self.manifest(of: sync)
        let inputs = try readInputs()
        let plan = makePlan(inputs, manifest: manifest, isCurrent: sync.isCurrent, prune: prune)
        broadcaster.publish(.planned(plan, manifest: sync))

        var report = UpdateReport(manifest: sync, plan: plan)
        let job = ImageFetchJob(
            repository: repository, store: store, incompleteDirectory: dataDirectory.incomplete,
            acquirers: [], storedBySpec: inputs.storedBySpec, broadcaster: broadcaster)
        for fetch in plan.fetch {
            if Task.isCancelled {
                report.failed.append(FailedFetch(identity: fetch.identity, path: fetch.path, reason: "the run was cancelled"))
                continue
            }
            var fetchJob = job
            fetchJob.acquirers = policy.order(for: fetch.image, among: acquirers)
            switch await fetchJob.run(fetch) {
            case .success(let fetched):
                report.fetched.append(fetched)
                broadcaster.publish(.transferCompleted(fetched))
            case .failure(let failed):
                report.failed.append(failed)
                broadcaster.publish(.transferFailed(failed))
            }
        }

        // Decide deletions on what is held now: replacements that failed keep their predecessors.
        // A cancelled run (shutdown) deletes nothing.
        var after = makePlan(try readInputs(), manifest: manifest, isCurrent: sync.isCurrent, prune: prune)
        if Task.isCancelled {
            after.keep = (after.keep + after.delete.map { entry in
                PlannedEntry(identity: entry.identity, path: entry.path, reason: "the run was cancelled before deleting: \(entry.reason)")
            }).sorted { $0.path < $1.path }
            after.delete = []
        }
        let deleter = ImageDeleter(repository: repository, store: store)
        for entry in after.delete {
            if let problem = deleter.delete(entry) {
                report.deletionFailures.append(PlannedEntry(identity: entry.identity, path: entry.path, reason: problem))
            } else {
                report.deleted.append(entry)
                broadcaster.publish(.deleted(entry))
            }
        }
        report.kept = after.keep
        report.skipped = plan.skip
        do { try store.rewriteInventory() } catch {
            throw UpdateError(.store, "cannot rewrite the inventory: \(error)")
        }
        broadcaster.publish(.finished(report))
        return report
    }

    /// Transfers still `running` in the store belong to a process that died (this one holds the
    /// run lock): they become `paused`, their bytes kept in `incomplete/` for the next fetch.
    private func markInterruptedTransfers() {
        guard let transfers = try? store.transfers() else { return }
        for var transfer in transfers where transfer.state == .running {
            transfer.state = .paused
            transfer.error = "interrupted: the process running it stopped"
            transfer.updated = Date()
            _ = try? store.upsertTransfer(transfer)
        }
    }

    private func readInputs() throws(UpdateError) -> PlannerInputs {
        do { return try PlannerInputs.read(from: store) } catch {
            throw UpdateError(.store, "cannot read selections and images: \(error)")
        }
    }

    private func makePlan(_ inputs: PlannerInputs, manifest: Manifest, isCurrent: Bool, prune: Bool) -> UpdatePlan {
        DeletionPlanner.plan(
            selections: inputs.selections, manifest: manifest, manifestIsCurrent: isCurrent, held: inputs.held,
            repositoryRoot: repository.root, layout: repository.layout, prune: prune)
    }

    private static func manifest(of sync: ManifestSyncResult) throws(UpdateError) -> Manifest {
        guard let manifest = sync.manifest else {
            let failure = sync.failure
            throw UpdateError(
                .noManifest, "no manifest to work from: " + (failure?.message ?? "none was ever fetched"),
                manifestFailure: failure)
        }
        return manifest
    }
}
