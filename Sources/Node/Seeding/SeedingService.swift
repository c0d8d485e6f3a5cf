public import Common
public import Logging
public import ServiceLifecycle
import Swarm

/// The daemon's swarm in its `ServiceGroup`: refreshes the ``ImageSeeder`` at start, after every
/// update run and every ``refreshInterval`` (images added by a scan, the page's catalog form or
/// deleted by hand), tells every torrent about peers joining the fleet (``fleetChanges``), and at the group's shutdown stops the session, saving every torrent's resume
/// data within ``shutdownDeadline``.
///
/// The session is started by the caller before the group runs (so the update runner can use it
/// from its first run); a session that is not running makes this service only wait for shutdown.
public struct SeedingService: Service, CustomStringConvertible {
    public let seeder: ImageSeeder
    /// Update runs: a refresh follows each one's end.
    public let updates: UpdateRunner?
    /// The fleet's snapshots as they change (``DiscoveredFleetMembership/changes()``); nil for a
    /// fixed fleet.
    public let fleetChanges: AsyncStream<FleetSnapshot>?
    public let refreshInterval: Duration
    public let shutdownDeadline: Duration
    public let logger: Logger

    public init(
        seeder: ImageSeeder, updates: UpdateRunner?, fleetChanges: AsyncStream<FleetSnapshot>? = nil,
        refreshInterval: Duration = .seconds(30),
        shutdownDeadline: Duration = .seconds(10), logger: Logger
    ) {
        self.seeder = seeder
        self.updates = updates
        self.fleetChanges = fleetChanges
        self.refreshInterval = refreshInterval
        self.shutdownDeadline = shutdownDeadline
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "SeedingService" }

    public func run() async throws {
        let seeder = seeder
        let interval = refreshInterval
        let events = updates?.events()
        let fleetChanges = fleetChanges
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        await seeder.refresh()
                        do { try await Task.sleep(for: interval) } catch { return }
                    }
                }
                if let events {
                    group.addTask {
                        for await event in events {
                            if case .finished = event { await seeder.refresh() }
                        }
                    }
                }
                if let fleetChanges {
                    group.addTask {
                        for await snapshot in fleetChanges { await seeder.connect(snapshot) }
                    }
                }
                await group.waitForAll()
            }
        }
        logger.info("seeding: stopping the swarm session (saving resume data)")
        await seeder.session.shutdown(deadline: shutdownDeadline)
    }
}
