import Common
public import ISOCatalog

extension UpdateLauncher {
    /// For launchers that cannot limit a run: every selection's run, refused for a limited scope.
    /// A launcher wrapping another should forward to the inner one's.
    public func launchUpdate(prune: Bool, force: Bool, scope: UpdateScope) async throws -> String {
        guard scope.selectionIDs == nil else {
            throw UpdateError(.io, "this node's update runner cannot limit a run to some selections")
        }
        return try await launchUpdate(prune: prune, force: force)
    }

    /// For launchers without a planner: refused. A launcher wrapping another should forward to
    /// the inner one's.
    public func previewUpdate(
        prune: Bool, force: Bool, scope: UpdateScope
    ) async throws -> (plan: UpdatePlan, manifest: ManifestSyncResult) {
        throw UpdateError(.io, "this node's update runner cannot preview a run")
    }
}

extension UpdateMonitor {
    /// Starts a run over `scope`'s selections unless one is running.
    public func launchUpdate(prune: Bool, force: Bool, scope: UpdateScope) async throws -> String {
        try await runner.launch(prune: prune, forceSync: force, scope: scope)
    }

    /// The runner's dry run.
    public func previewUpdate(
        prune: Bool, force: Bool, scope: UpdateScope
    ) async throws -> (plan: UpdatePlan, manifest: ManifestSyncResult) {
        try await runner.preview(prune: prune, forceSync: force, scope: scope)
    }
}
