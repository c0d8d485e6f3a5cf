import Acquisition
public import Common
import Fleet
import Foundation
public import Logging
import Repository
public import ServiceLifecycle
import Swarm

/// What a front end (the web server) is given to serve the node: the environment with its
/// engines, the admin token, the logger, and the call to make once it listens.
public struct FrontEndContext: Sendable {
    public let environment: NodeEnvironment
    public let adminToken: String
    public let logger: Logger
    let announce: @Sendable (_ localURL: String, _ listenURL: String) -> Void

    /// Tells the daemon the front end listens: `serve.json` is written (commands on this data
    /// directory then talk to the daemon at `localURL`) and the start is logged.
    public func listening(localURL: String, listenURL: String) { announce(localURL, listenURL) }
}

extension NodeDaemon {
    /// Assembles `isofleet serve` on `site`: the store, the swarm session, the fleet, the update
    /// runner and its launcher, seeding, ingest, the drain, and the front end `frontEnd` makes,
    /// as one group of services.
    ///
    /// The services start in this order and stop in reverse (``NodeDaemon``):
    /// 1. fleet discovery (one round has already run, so the first run and torrents know peers);
    /// 2. the startup scan;
    /// 3. seeding (when the swarm session started), re-announcing on fleet changes and after runs;
    /// 4. the front end (page, API, files);
    /// 5. the drain, which on shutdown seeds on while a peer lacks an image, front end still up;
    /// 6. additions (magnets, URLs): running ones are cancelled at shutdown and keep their bytes;
    /// 7. the update runner: a running run is cancelled at shutdown and keeps its bytes;
    /// 8. the mirror syncs, when `storage.mirrors` is set: at start and after every update run;
    /// 9. the manifest sync loop, when `manifest.url` is set: the first to stop.
    ///
    /// With aws-asg discovery, the scale-in watch starts that shutdown when IMDS says Terminated.
    /// A swarm session that cannot listen leaves the node serving over HTTP only.
    /// - Throws: ``DaemonError``: `invalidInput` for a bad setting, `alreadyRunning`, `io`.
    public static func assemble(
        site: NodeSite, logger: Logger, shutdownDeadline: Duration,
        frontEnd: (FrontEndContext) throws -> any Service
    ) async throws(DaemonError) -> NodeDaemon {
        let store = try site.openStore()
        let drainSettings = try DrainSettings(configuration: site.configuration)
        let fetchSettings = try site.fetchSettings()
        let additionStallTimeout = try site.additionStallTimeout()
        let mirrors = try site.mirrorSyncer(store: store, logger: logger)
        let lock = try ServeLock(dataDirectory: site.dataDirectory)
        let token = try AdminToken.resolve(
            configured: site.configuration[.adminToken], dataDirectory: site.dataDirectory)

        let listen = site.swarmListen
        let session = site.swarmSession(listen: listen)
        var swarm: SwarmSession?
        do {
            try await session.start()
            swarm = session
        } catch {
            logger.error("the swarm session cannot start on \(listen): \(error.message); not seeding")
        }
        let port = (try? await swarm?.listenPort()) ?? HostPort(parsing: listen)?.port ?? 6881
        let fleet: DiscoveredFleetMembership
        do {
            fleet = try await DiscoveredFleetMembership.configured(
                site.configuration, listen: listen, port: port, logger: logger)
        } catch {
            await swarm?.shutdown()
            lock.release()
            throw DaemonError(error.code == .configuration ? .invalidInput : .io, error.message)
        }
        await fleet.prime()

        let runner: UpdateRunner
        let handovers = SwarmHandover()
        do {
            runner = try site.updateRunner(store: store, swarm: swarm, fleet: fleet, handovers: handovers)
        } catch {
            await swarm?.shutdown()
            lock.release()
            throw error
        }
        let monitor = UpdateMonitor(runner: runner)
        let drain = DrainState()
        let launcher = DrainingUpdateLauncher(launcher: monitor, drain: drain)
        var seeder: ImageSeeder?
        if let swarm {
            let seeding = ImageSeeder(
                session: swarm, store: store, repository: site.repository,
                cache: TorrentCache(directory: site.dataDirectory.seedingTorrents), fleet: fleet,
                logger: logger)
            await seeding.setAdvertisedAddress(HostPort.advertised(listen: listen, port: port)?.description)
            logger.info("swarm listening on port \(port)")
            seeder = seeding
            // A finished download's torrent leaves the session when its handover ends: the placed
            // copy's torrent (the same info-hash, refused until then) is added at once.
            handovers.setOnReleased { await seeding.refresh() }
        }
        let ingest = ImageIngest(
            session: swarm, repository: site.repository, store: store, dataDirectory: site.dataDirectory,
            peers: { await fleet.snapshot().peers }, placed: { [seeder] in await seeder?.refresh() },
            fetchSettings: fetchSettings, stallTimeout: additionStallTimeout, logger: logger)
        let environment = NodeEnvironment(
            site: site, store: store,
            engines: NodeEngines(updates: launcher, magnets: ingest, torrents: seeder, fleet: fleet, drain: drain))

        let started = Date()
        let context = FrontEndContext(environment: environment, adminToken: token.value, logger: logger) {
            localURL, listenURL in
            do {
                try lock.publish(ServeRecord(pid: getpid(), url: localURL, started: started))
            } catch {
                logger.error("cannot write \(site.dataDirectory.serveRecord): \(error)")
            }
            let hint = token.origin == .configured ? "" : " (cat it, then sign in on the page)"
            logger.info(
                "isofleet node listening on \(listenURL) — page \(localURL)/; admin token: \(token.origin)\(hint)")
        }
        let front: any Service
        do {
            front = try frontEnd(context)
        } catch {
            await swarm?.shutdown()
            lock.release()
            throw DaemonError(.invalidInput, "\(error)")
        }

        let scanner = RepositoryScanner(
            repository: site.repository, store: store, excluding: site.excludedDirectories)
        let asg = fleet.awsAutoScaling
        let handOver = DrainService(
            drain: drain, settings: drainSettings, fleet: fleet, store: store,
            lifecycle: asg.map { LifecycleActionClient(provider: $0, hookName: drainSettings.lifecycleHook) },
            logger: logger)
        var services: [any Service] = [fleet, StartupScanService(scanner: scanner, logger: logger)]
        if let seeder {
            services.append(
                SeedingService(seeder: seeder, updates: runner, fleetChanges: fleet.changes(), logger: logger))
        }
        if let swarm { services.append(SwarmTroubleLog(session: swarm, logger: logger)) }
        services += [front, handOver, IngestService(ingest: ingest), UpdateService(monitor: monitor, logger: logger)]
        if let mirrors { services.append(MirrorSyncService(syncer: mirrors, updates: runner, logger: logger)) }
        if site.configuration[.manifestURL] != nil {
            let settings = environment.settings
            services.append(
                ManifestSyncLoopService(
                    synchronizer: runner.synchronizer,
                    interval: { (try? settings.manifestInterval()) ?? .seconds(6 * 3600) },
                    launcher: launcher, logger: logger))
        }
        let watch = asg.map {
            ScaleInWatchService(
                metadata: $0.metadata, interval: drainSettings.lifecyclePoll, drain: drain, logger: logger)
        }
        return NodeDaemon(
            services: services, shutdownTriggers: watch.map { [$0] } ?? [], logger: logger,
            shutdownDeadline: shutdownDeadline + drainSettings.maxDuration, releasing: lock)
    }
}
