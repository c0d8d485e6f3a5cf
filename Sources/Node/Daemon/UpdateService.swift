public import Logging
public import ServiceLifecycle

/// The update runner in the daemon's `ServiceGroup`: follows the runner's events for the live
/// view (``UpdateMonitor/consume()``) until the group shuts down, then cancels a launched run and
/// waits for it to end (its transfers stop and keep their bytes for the next run; it deletes
/// nothing), so the shutdown leaves no run half-done behind the store's back.
public struct UpdateService: Service, CustomStringConvertible {
    public let monitor: UpdateMonitor
    public let logger: Logger

    public init(monitor: UpdateMonitor, logger: Logger) {
        self.monitor = monitor
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "UpdateService" }

    public func run() async throws {
        let monitor = monitor
        await cancelWhenGracefulShutdown { await monitor.consume() }
        if case .running = await monitor.runner.state {
            logger.info("stopping the running update run (its transfers keep their bytes)")
        }
        await monitor.runner.cancelLaunched()
    }
}
