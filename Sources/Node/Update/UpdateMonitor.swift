import Foundation
import ISOCatalog

/// The daemon's face of the ``UpdateRunner``: launches runs for the API and the page
/// (``UpdateLauncher``) and keeps the live view of the running run from its ``UpdateRunner/events()``
/// (transfers by path, with bytes, total, rate and source) for `GET /api/v1/update`.
///
/// The event stream is subscribed at creation, so no event of a run launched later is missed;
/// ``consume()`` must run (``UpdateService`` does) for the transfers to show.
public actor UpdateMonitor: UpdateLauncher {
    /// The runner whose runs are launched and followed.
    public nonisolated let runner: UpdateRunner
    private nonisolated let events: AsyncStream<UpdateEvent>
    /// Transfers of the running run, by layout path.
    private var transfers: [String: TransferStatus] = [:]
    /// The running run's planned transfers and those that ended (the page's "n of m").
    private var progress = (planned: 0, finished: 0)

    public init(runner: UpdateRunner) {
        self.runner = runner
        self.events = runner.events()
    }

    /// Starts a run unless one is running.
    /// - Throws: ``UpdateError`` `busy` when a run is in progress (the API answers 409).
    public func launchUpdate() async throws -> String {
        try await runner.launch()
    }

    /// The running run's transfers and the last run's outcome.
    public func updateStatus() async -> UpdateRunStatus {
        let state = await runner.state
        let last = await runner.lastOutcome
        let started: Date? = if case .running(let since) = state { since } else { nil }
        var status = UpdateRunStatus(
            running: started != nil, started: started,
            transfers: started == nil
                ? [] : transfers.keys.sorted().compactMap { transfers[$0].map(UpdateRunStatus.Transfer.init) },
            last: last.map(UpdateRunStatus.LastRun.init))
        if started != nil { (status.planned, status.finished) = progress }
        return status
    }

    /// Follows the runner's events until the task is cancelled.
    public func consume() async {
        for await event in events {
            apply(event)
        }
    }

    private func apply(_ event: UpdateEvent) {
        switch event {
        case .planned(let plan, _):
            transfers = [:]
            progress = (plan.fetch.count, 0)
        case .transferStarted(let status), .transferProgress(let status): transfers[status.path] = status
        case .transferCompleted(let fetched):
            transfers[fetched.path] = nil
            progress.finished += 1
        case .transferFailed(let failed):
            transfers[failed.path] = nil
            progress.finished += 1
        case .deleted: break
        case .finished, .runFailed: transfers = [:]
        }
    }
}
