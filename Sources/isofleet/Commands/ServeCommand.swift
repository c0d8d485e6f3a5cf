import ArgumentParser
import Foundation
import Logging
import Node
import Web

/// `isofleet serve`: the node as a daemon (``NodeDaemon/assemble(site:logger:shutdownDeadline:frontEnd:)``)
/// with the web server as its front end, stopped gracefully by SIGTERM or SIGINT.
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

    @Option(
        help: ArgumentHelp(
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
        let level =
            logLevel.flatMap(Logger.Level.init(rawValue:))
            ?? ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "isofleet")
        let site = try global.site()
        let webSettings = try command(WebSettings(configuration: site.configuration))
        let daemon: NodeDaemon
        do {
            daemon = try await NodeDaemon.assemble(
                site: site, logger: logger, shutdownDeadline: .seconds(shutdownDeadline)
            ) { node in
                WebServer(
                    environment: node.environment, settings: webSettings, adminToken: node.adminToken,
                    logger: node.logger
                ).application {
                    node.listening(localURL: webSettings.localURL, listenURL: webSettings.listenURL)
                }
            }
        } catch {
            throw CLIError(error)
        }
        do {
            try await daemon.run()
        } catch {
            throw CLIError.failure("the node stopped: \(error)")
        }
        logger.info("isofleet node stopped")
    }
}
