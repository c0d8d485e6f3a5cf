public import ISOStore
public import Logging
public import ServiceLifecycle

/// The manifest sync loop (``ManifestSyncLoop``) in the daemon's `ServiceGroup`, with the
/// per-selection auto-update: after a sync that fetched a new manifest, and after the first sync
/// of the daemon's life whatever it found (a node restarted mid-transfer resumes at once instead of
/// waiting for the next manifest change), when at least one selection has `auto_update` on, an
/// update run is launched (design §1). A run covers every selection (the
/// planner resolves them together); selections with `auto_update` off are brought up to date by
/// the next run launched by hand. When a run is already in progress the launch is skipped: that run
/// or the next one works on the new manifest.
///
/// Runs only when `manifest.url` is set; stops at the group's graceful shutdown.
public struct ManifestSyncLoopService: Service, CustomStringConvertible {
    public let loop: ManifestSyncLoop
    public let logger: Logger

    /// - Parameters:
    ///   - interval: the pause between syncs, asked for before each (the store setting, else the configuration).
    ///   - launcher: launches the auto-update runs.
    public init(
        synchronizer: ManifestSynchronizer, interval: @escaping @Sendable () -> Duration,
        launcher: any UpdateLauncher, logger: Logger
    ) {
        let store = synchronizer.store
        let first = FirstTime()
        self.logger = logger
        self.loop = ManifestSyncLoop(synchronizer: synchronizer, interval: interval) { result in
            Self.react(to: result, atStart: first.take(), store: store, launcher: launcher, logger: logger)
        }
    }

    /// The name the service group logs.
    public var description: String { "ManifestSyncLoopService(\(loop.synchronizer.url ?? "no manifest.url"))" }

    public func run() async throws {
        let loop = loop
        await cancelWhenGracefulShutdown { await loop.run() }
    }

    /// Logs the sync and launches the auto-update run when the manifest changed or the daemon just
    /// started (`atStart`). A pull asked for by hand (`POST /api/v1/sync`, `isofleet sync` through
    /// the daemon) reacts the same way, so a forced refresh that brings a new manifest starts the
    /// run a timed one would.
    public static func react(
        to result: ManifestSyncResult, atStart: Bool = false, store: CatalogStore, launcher: any UpdateLauncher,
        logger: Logger
    ) {
        if let failure = result.failure {
            logger.warning("manifest sync failed: \(failure.message)")
            return
        }
        logger.info("manifest sync: \(result.outcomeName)")
        guard result.outcome == .fetched || atStart else { return }
        let automatic: Int
        do { automatic = try store.selections().filter(\.autoUpdate).count } catch {
            logger.error("auto-update: cannot read the selections: \(error)")
            return
        }
        guard automatic > 0 else { return }
        Task {
            do {
                let started = try await launcher.launchUpdate()
                let why = result.outcome == .fetched ? "after a new manifest" : "at start"
                logger.info("auto-update \(why) (\(automatic) selection(s) with auto_update): \(started)")
            } catch {
                logger.notice("auto-update not started: \(error)")
            }
        }
    }
}
