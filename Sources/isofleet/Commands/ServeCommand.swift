import ArgumentParser
import Foundation
import Logging
import Node
import ServiceLifecycle
import Swarm
import Web

/// `isofleet serve`: the node as a daemon — one `ServiceGroup` with the startup scan, the update
/// runner, the manifest sync loop (when `manifest.url` is set) and the web server (page, API,
/// manifest, files), stopped gracefully by SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the node: scan the repository, serve the page, the JSON API, the manifest and the files.",
        discussion: """
            Listens on web.listen (default 127.0.0.1:8080). Changes through the API or the page need the \
            admin token: admin.token, else the token generated at first start into DATA_DIR/admin-token \
            (mode 0600). SIGTERM or SIGINT stop the node within --shutdown-deadline seconds (exit 0).
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
        do {
            webSettings = try WebSettings(configuration: context.configuration)
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
        let peers = context.configuration.list(.fleetPeers)
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
        let fleet = await context.staticFleet(peers: peers, listen: listen, session: swarm)
        let runner = try context.updateRunner(store: store, swarm: swarm, fleet: fleet)
        let monitor = UpdateMonitor(runner: runner)
        var seeder: ImageSeeder?
        if let swarm {
            let port = (try? await swarm.listenPort()) ?? 0
            let seeding = ImageSeeder(
                session: swarm, store: store, repository: context.repository,
                cache: TorrentCache(directory: context.dataDirectory.root + "/torrents/seeding"), peers: peers,
                logger: logger)
            await seeding.setAdvertisedAddress(SeedCommand.advertisedAddress(listen: listen, port: port))
            logger.info("swarm listening on port \(port)")
            seeder = seeding
        }
        let environment = NodeEnvironment(
            configuration: context.configuration, dataDirectory: context.dataDirectory,
            repository: context.repository, store: store, engines: NodeEngines(updates: monitor, torrents: seeder))
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
        // Start order; the group stops them in reverse: the web server first, then the sync loop,
        // then the update runner (a running run is cancelled and keeps its bytes), then seeding
        // (resume data saved, the session closed).
        var services: [any Service] = [StartupScanService(scanner: scanner, logger: logger)]
        if let seeder {
            services.append(SeedingService(seeder: seeder, updates: runner, logger: logger))
        }
        services.append(UpdateService(monitor: monitor, logger: logger))
        if context.configuration[.manifestURL] != nil {
            let settings = environment.settings
            services.append(ManifestSyncLoopService(
                synchronizer: monitor.runner.synchronizer,
                interval: { (try? settings.manifestInterval()) ?? .seconds(6 * 3600) },
                launcher: monitor, logger: logger))
        }
        services.append(application)
        let daemon = NodeDaemon(
            services: services,
            logger: logger, shutdownDeadline: .seconds(shutdownDeadline))
        do {
            try await daemon.run()
        } catch {
            throw CLIError.failure("the node stopped: \(error)")
        }
        logger.info("isofleet node stopped")
    }
}
