extension UpdateMonitor {
    /// Starts a run with `update`'s options unless one is running.
    /// - Throws: ``UpdateError`` `busy` when a run is in progress.
    public func launchUpdate(prune: Bool, force: Bool) async throws -> String {
        try await runner.launch(prune: prune, forceSync: force)
    }

    /// How this daemon's last run ended, with its whole report; nil before the first.
    public func lastReport() async -> Result<UpdateReport, UpdateError>? {
        await runner.lastOutcome
    }
}
