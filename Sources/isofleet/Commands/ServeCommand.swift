import ArgumentParser
import Foundation
import HTTPTypes
import Logging
import Node
import ServiceLifecycle
import Swarm
import Web
import Acquisition
import Common
import Fleet
import Repository

/// `isofleet serve`: the node as a daemon — one `ServiceGroup` with fleet discovery, the startup scan, the update
/// runner, the manifest sync loop (when `manifest.url` is set) and the web server (page, API,
/// manifest, files), stopped gracefully by SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the node: scan the repository, serve the page, the JSON API, the manifest and the files.",
        discussion: """
            Listens on web.listen (default 127.0.0.1:8080). Changes through the API or the page need the \
            admin token: admin.token, else the token generated at first start into DATA_DIR/admin-token \
            (mode 0600). SIGTERM or SIGINT stop the node (exit 0): it takes no new work, seeds on for at \
            most drain.max while a discovered peer lacks an image it holds, then stops within \
            --shutdown-deadline seconds. With aws-asg, IMDS reporting Terminated does the same and \
            completes the lifecycle hook (aws.lifecycle_hook) with CONTINUE.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp(
        "Log level: trace, debug (one line per request), info, notice, warning, error (env LOG_LEVEL).",
        valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("Seconds a graceful shutdown may take.", valueName: "seconds"))
    var shutdownDeadline = 20

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error")
        }
        guard shutdownDeadline > 0 else { throw ValidationError("--shutdown-deadline must be at least 1") }
    }

    func run() async throws {
        let level = logLevel.flatMap(Logger.Level.init(rawValue:))
            ?? ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "isofleet")

        let context = try CommandContext(global)
        let store = try context.openStore()
        let webSettings: WebSettings
        let lock: ServeLock
        let token: AdminToken
        let drainSettings: DrainSettings
        do {
            webSettings = try WebSettings(configuration: context.configuration)
            drainSettings = try DrainSettings(configuration: context.configuration)
            lock = try ServeLock(dataDirectory: context.dataDirectory)
            token = try AdminToken.resolve(
                configured: context.configuration[.adminToken], dataDirectory: context.dataDirectory)
        } catch {
            throw error.code == .invalidInput ? CLIError.invalidInput(error.description) : CLIError.failure(error.description)
        }
        defer { lock.release() }

        // The swarm session: seeds what is held, and update runs fetch swarm-first through it when
        // fleet peers are known. A session that cannot start (swarm.listen taken) leaves the node
        // serving over HTTP only.
        let listen = context.configuration[.swarmListen] ?? "0.0.0.0:6881"
        let session = SwarmSession(
            settings: SwarmSettings(listen: listen), resumeStore: ResumeStore(directory: context.dataDirectory.resume))
        var swarm: SwarmSession?
        do {
            try await session.start()
            swarm = session
        } catch {
            logger.error("the swarm session cannot start on \(listen): \(error.message); not seeding")
        }
        let port = (try? await swarm?.listenPort()) ?? HostPort(parsing: listen)?.port ?? 6881
        // The fleet: discovery's providers (fleet.discovery), one round before anything starts so
        // the first update run and the first torrents know their peers.
        let fleet: DiscoveredFleetMembership
        do {
            fleet = try await DiscoveredFleetMembership.configured(
                context.configuration, listen: listen, port: port, logger: logger)
        } catch {
            await swarm?.shutdown()
            throw error.code == .configuration ? CLIError.invalidInput(error.message) : CLIError.failure(error.message)
        }
        await fleet.prime()
        let runner = try context.updateRunner(store: store, swarm: swarm, fleet: fleet)
        let monitor = UpdateMonitor(runner: runner)
        // Once the node drains (scale-in, SIGTERM) no new run starts, whoever asks (the API: 503).
        let drain = DrainState()
        let launcher = DrainingUpdateLauncher(launcher: monitor, drain: drain) {
            APIError(.serviceUnavailable, $0.message)
        }
        var seeder: ImageSeeder?
        if let swarm {
            let seeding = ImageSeeder(
                session: swarm, store: store, repository: context.repository,
                cache: TorrentCache(directory: context.dataDirectory.root + "/torrents/seeding"), fleet: fleet,
                logger: logger)
            await seeding.setAdvertisedAddress(SeedCommand.advertisedAddress(listen: listen, port: port))
            logger.info("swarm listening on port \(port)")
            seeder = seeding
        }
        // `add` through the API and the page: fetched into incomplete/, placed, seeded at once.
        let ingest = ImageIngest(
            session: swarm, repository: context.repository, store: store, dataDirectory: context.dataDirectory,
            peers: { await fleet.snapshot().peers }, placed: { [seeder] in await seeder?.refresh() }, logger: logger)
        let environment = NodeEnvironment(
            configuration: context.configuration, dataDirectory: context.dataDirectory,
            repository: context.repository, store: store,
            engines: NodeEngines(updates: launcher, magnets: ingest, torrents: seeder, fleet: fleet, drain: drain))
        let web = WebServer(environment: environment, settings: webSettings, adminToken: token.value, logger: logger)
        let started = Date()
        let application = web.application {
            do {
                try lock.publish(ServeRecord(pid: getpid(), url: webSettings.localURL, started: started))
            } catch {
                logger.error("cannot write \(context.dataDirectory.serveRecord): \(error)")
            }
            let hint = token.origin == .configured ? "" : " (cat it, then sign in on the page)"
            logger.info(
                "isofleet node listening on \(webSettings.listenURL) — page \(webSettings.localURL)/; admin token: \(token.origin)\(hint)")
        }
        let scanner = RepositoryScanner(
            repository: context.repository, store: store, excluding: context.excludedDirectories)
        let asg = fleet.awsAutoScaling
        let handOver = DrainService(
            drain: drain, settings: drainSettings, fleet: fleet, store: store,
            lifecycle: asg.map { LifecycleActionClient(provider: $0, hookName: drainSettings.lifecycleHook) },
            logger: logger)
        // Start order; the group stops them in reverse: the sync loop first, then the update runner
        // (a running run is cancelled and keeps its bytes), then the drain (seeding on while peers
        // lack an image, web still up), then the web server, then seeding (resume data saved, the
        // session closed), then discovery. The scale-in watch (aws-asg) starts that shutdown when
        // IMDS says Terminated.
        var services: [any Service] = [fleet, StartupScanService(scanner: scanner, logger: logger)]
        if let seeder {
            services.append(SeedingService(seeder: seeder, updates: runner, fleetChanges: fleet.changes(), logger: logger))
        }
        services += [application, handOver, UpdateService(monitor: monitor, logger: logger)]
        if context.configuration[.manifestURL] != nil {
            let settings = environment.settings
            services.append(ManifestSyncLoopService(
                synchronizer: monitor.runner.synchronizer,
                interval: { (try? settings.manifestInterval()) ?? .seconds(6 * 3600) },
                launcher: launcher, logger: logger))
        }
        let watch = asg.map {
            ScaleInWatchService(metadata: $0.metadata, interval: drainSettings.lifecyclePoll, drain: drain, logger: logger)
        }
        let daemon = NodeDaemon(
            services: services, shutdownTriggers: watch.map { [$0] } ?? [],
            logger: logger, shutdownDeadline: .seconds(shutdownDeadline) + drainSettings.maxDuration)
        do {
            try await daemon.run()
        } catch {
            throw CLIError.failure("the node stopped: \(error)")
        }
        logger.info("isofleet node stopped")
    }
}
