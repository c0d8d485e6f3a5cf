import Acquisition
import Common
import Foundation
import ISOCatalog
import ISOStore
import Repository

extension UpdateRunner {
    /// The steps of a run (design §1): refresh → plan → fetch each → plan again → delete → report.
    /// With `scope` limited, only the chosen selections' images are fetched and deleted.
    func steps(prune: Bool, forceSync: Bool, scope: UpdateScope = .all) async throws(UpdateError) -> UpdateReport {
        markInterruptedTransfers()
        let sync = await synchronizer.sync(force: forceSync)
        let manifest = try Self.manifest(of: sync)
        let inputs = try readInputs()
        let plan = scope.limit(
            makePlan(inputs, manifest: manifest, isCurrent: sync.isCurrent, prune: prune), inputs: inputs)
        broadcaster.publish(.planned(plan, manifest: sync))

        var report = UpdateReport(manifest: sync, plan: plan)
        let policy = AcquisitionPolicy(fleetPeerCount: await fleet.snapshot().peers.count)
        let job = ImageFetchJob(
            repository: repository, store: store, incompleteDirectory: dataDirectory.incomplete,
            torrentCache: TorrentCache(directory: dataDirectory.seedingTorrents), acquirers: [],
            storedBySpec: inputs.storedBySpec, broadcaster: broadcaster)
        for fetch in plan.fetch {
            if Task.isCancelled {
                report.failed.append(
                    FailedFetch(identity: fetch.identity, path: fetch.path, reason: "the run was cancelled"))
                continue
            }
            // Images without sha256 only with manifest.allow_unverified (ManifestTrust).
            if let refusal = synchronizer.trust.refusal(of: fetch.image) {
                let failed = FailedFetch(identity: fetch.identity, path: fetch.path, reason: refusal)
                report.failed.append(failed)
                broadcaster.publish(.transferFailed(failed))
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
        let inputsAfter = try readInputs()
        var after = scope.limit(
            makePlan(inputsAfter, manifest: manifest, isCurrent: sync.isCurrent, prune: prune), inputs: inputsAfter)
        if Task.isCancelled {
            after.keep =
                (after.keep
                + after.delete.map { entry in
                    PlannedEntry(
                        identity: entry.identity, path: entry.path,
                        reason: "the run was cancelled before deleting: \(entry.reason)")
                }).sorted { $0.path < $1.path }
            after.delete = []
        }
        let deleter = ImageDeleter(repository: repository, store: store)
        let broadcaster = broadcaster
        let deletions = after.delete
        let (deleted, deletionFailures, inventoryError) = await OffPool.run("isofleet-delete") {
            var deleted: [PlannedEntry] = []
            var failures: [PlannedEntry] = []
            for entry in deletions {
                if let problem = deleter.delete(entry) {
                    failures.append(PlannedEntry(identity: entry.identity, path: entry.path, reason: problem))
                } else {
                    deleted.append(entry)
                    broadcaster.publish(.deleted(entry))
                }
            }
            var inventoryError: String?
            do { try deleter.store.rewriteInventory() } catch { inventoryError = "\(error)" }
            return (deleted, failures, inventoryError)
        }
        report.deleted = deleted
        report.deletionFailures = deletionFailures
        report.kept = after.keep
        report.skipped = plan.skip
        // A limited run warns only about the selections it covered; the others keep their warnings.
        let covered = scope.covered(inputs.selections)
        report.warnings = UpdateWarnings.of(
            plan: plan, selections: covered, manifest: manifest, manifestFailure: sync.failure?.message,
            fetched: report.fetched)
        if let inventoryError { throw UpdateError(.store, "cannot rewrite the inventory: \(inventoryError)") }
        recordLastRun(.success(report), covered: scope.selectionIDs == nil ? nil : Set(covered.map(\.spec)))
        broadcaster.publish(.finished(report))
        return report
    }

    /// Transfers still `running` in the store belong to a process that died (this one holds the
    /// run lock): they become `paused`, their bytes kept in `incomplete/` for the next fetch.
    func markInterruptedTransfers() {
        guard let transfers = try? store.transfers() else { return }
        for var transfer in transfers where transfer.state == .running {
            transfer.state = .paused
            transfer.error = "interrupted: the process running it stopped"
            transfer.updated = Date()
            _ = try? store.upsertTransfer(transfer)
        }
    }

    func readInputs() throws(UpdateError) -> PlannerInputs {
        do { return try PlannerInputs.read(from: store) } catch {
            throw UpdateError(.store, "cannot read selections and images: \(error)")
        }
    }

    func makePlan(_ inputs: PlannerInputs, manifest: Manifest, isCurrent: Bool, prune: Bool) -> UpdatePlan {
        DeletionPlanner.plan(
            selections: inputs.selections, manifest: manifest, manifestIsCurrent: isCurrent, held: inputs.held,
            repositoryRoot: repository.root, layout: repository.layout, prune: prune)
    }

    static func manifest(of sync: ManifestSyncResult) throws(UpdateError) -> Manifest {
        guard let manifest = sync.manifest else {
            let failure = sync.failure
            throw UpdateError(
                .noManifest, "no manifest to work from: " + (failure?.message ?? "none was ever fetched"),
                manifestFailure: failure)
        }
        return manifest
    }
}

extension UpdateRunner {
    /// Keeps how the run ended in the store (``LastRunRecord``) for the page, once the outcome is
    /// known — a run that failed outright too; a store that cannot be written loses only that.
    /// - Parameter covered: the specs of the selections a limited run covered (nil: every one).
    func recordLastRun(_ outcome: Result<UpdateReport, UpdateError>, covered: Set<String>? = nil) {
        let previous = LastRunRecord.read(from: store)
        let record: LastRunRecord
        switch outcome {
        case .success(let report): record = LastRunRecord(report, covered: covered, previous: previous)
        case .failure(let error): record = LastRunRecord(error, previous: previous)
        }
        try? record.write(to: store)
    }
}
