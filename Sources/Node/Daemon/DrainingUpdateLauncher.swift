/// The daemon's update launcher (`POST /api/v1/update`, the page's button, the sync loop) that
/// refuses new runs once the node drains (``DrainState``), with a ``DaemonError`` of code
/// ``DaemonError/Code/draining``.
public struct DrainingUpdateLauncher: UpdateLauncher {
    /// The launcher runs go to while serving.
    public let launcher: any UpdateLauncher
    public let drain: DrainState

    public init(launcher: any UpdateLauncher, drain: DrainState) {
        self.launcher = launcher
        self.drain = drain
    }

    public func launchUpdate() async throws -> String {
        guard !drain.isDraining else { throw drain.refusal("a new update run") }
        return try await launcher.launchUpdate()
    }

    public func updateStatus() async -> UpdateRunStatus { await launcher.updateStatus() }
}
