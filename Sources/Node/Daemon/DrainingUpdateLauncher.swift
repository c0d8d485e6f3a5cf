/// The daemon's update launcher (`POST /api/v1/update`, the page's button, the sync loop) that
/// refuses new runs once the node drains (``DrainState``): it throws what ``refusal`` makes of a
/// ``DaemonError`` of code ``DaemonError/Code/draining`` (the web layer passes its 503 error).
public struct DrainingUpdateLauncher: UpdateLauncher {
    /// The launcher runs go to while serving.
    public let launcher: any UpdateLauncher
    public let drain: DrainState
    /// The error thrown for a refused launch, from the draining error.
    public let refusal: @Sendable (DaemonError) -> any Error

    public init(
        launcher: any UpdateLauncher, drain: DrainState,
        refusal: @escaping @Sendable (DaemonError) -> any Error = { $0 }
    ) {
        self.launcher = launcher
        self.drain = drain
        self.refusal = refusal
    }

    public func launchUpdate() async throws -> String {
        try await launchUpdate(prune: false, force: false)
    }

    public func launchUpdate(prune: Bool, force: Bool) async throws -> String {
        guard !drain.isDraining else { throw refusal(drain.refusal("a new update run")) }
        return try await launcher.launchUpdate(prune: prune, force: force)
    }

    public func updateStatus() async -> UpdateRunStatus { await launcher.updateStatus() }

    public func lastReport() async -> Result<UpdateReport, UpdateError>? { await launcher.lastReport() }
}
