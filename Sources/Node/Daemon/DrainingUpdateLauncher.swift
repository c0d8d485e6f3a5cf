public import ISOCatalog

/// The daemon's update launcher (`POST /api/v1/update`, the page's button, the sync loop) that
/// refuses new runs once the node drains (``DrainState``) with a ``DaemonError`` of code
/// `draining` (the web layer answers it 503).
public struct DrainingUpdateLauncher: UpdateLauncher {
    /// The launcher runs go to while serving.
    public let launcher: any UpdateLauncher
    public let drain: DrainState

    public init(launcher: any UpdateLauncher, drain: DrainState) {
        self.launcher = launcher
        self.drain = drain
    }

    public func launchUpdate() async throws -> String {
        try await launchUpdate(prune: false, force: false)
    }

    public func launchUpdate(prune: Bool, force: Bool) async throws -> String {
        guard !drain.isDraining else { throw drain.refusal("a new update run") }
        return try await launcher.launchUpdate(prune: prune, force: force)
    }

    public func launchUpdate(prune: Bool, force: Bool, scope: UpdateScope) async throws -> String {
        guard !drain.isDraining else { throw drain.refusal("a new update run") }
        return try await launcher.launchUpdate(prune: prune, force: force, scope: scope)
    }

    public func previewUpdate(
        prune: Bool, force: Bool, scope: UpdateScope
    ) async throws -> (plan: UpdatePlan, manifest: ManifestSyncResult) {
        try await launcher.previewUpdate(prune: prune, force: force, scope: scope)
    }

    public func updateStatus() async -> UpdateRunStatus { await launcher.updateStatus() }

    public func lastReport() async -> Result<UpdateReport, UpdateError>? { await launcher.lastReport() }
}
