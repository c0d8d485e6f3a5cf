public import Logging
public import ServiceLifecycle
import UnixSignals

/// The whole daemon as one `ServiceGroup` (STYLE 4): the services start in the order given and
/// stop in reverse; SIGTERM and SIGINT begin a graceful shutdown that must end within
/// ``shutdownDeadline``, after which the remaining services are cancelled.
///
/// ``assemble(site:logger:shutdownDeadline:frontEnd:)`` builds the node's services in their order;
/// the group itself knows nothing of what they are.
public struct NodeDaemon: Sendable {
    /// In start order.
    public var services: [any Service]
    /// Started after ``services``; the first of them to return starts the group's graceful
    /// shutdown (the scale-in watch), where any other service returning ends the group.
    public var shutdownTriggers: [any Service]
    public var logger: Logger
    /// How long a graceful shutdown may take before the services are cancelled.
    public var shutdownDeadline: Duration
    /// How long cancelled services may take before the group gives up on them.
    public var cancellationDeadline: Duration
    /// Held for the daemon's life and released when it stops (the data directory's `serve.lock`).
    let lock: ServeLock?

    public init(
        services: [any Service], shutdownTriggers: [any Service] = [], logger: Logger,
        shutdownDeadline: Duration = .seconds(20), cancellationDeadline: Duration = .seconds(5)
    ) {
        self.init(
            services: services, shutdownTriggers: shutdownTriggers, logger: logger, shutdownDeadline: shutdownDeadline,
            cancellationDeadline: cancellationDeadline, releasing: nil)
    }

    init(
        services: [any Service], shutdownTriggers: [any Service] = [], logger: Logger,
        shutdownDeadline: Duration = .seconds(20), cancellationDeadline: Duration = .seconds(5),
        releasing lock: ServeLock?
    ) {
        self.lock = lock
        self.services = services
        self.shutdownTriggers = shutdownTriggers
        self.logger = logger
        self.shutdownDeadline = shutdownDeadline
        self.cancellationDeadline = cancellationDeadline
    }

    /// The group's configuration: the services, the signals, the deadlines.
    public var configuration: ServiceGroupConfiguration {
        let configured =
            services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
            + shutdownTriggers.map {
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup)
            }
        var configuration = ServiceGroupConfiguration(
            services: configured, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownDeadline
        configuration.maximumCancellationDuration = cancellationDeadline
        return configuration
    }

    /// Runs every service until a signal (or a service ending) shuts the group down.
    /// - Throws: the first error a service threw, or the group's own error when the deadline passed.
    public func run() async throws {
        defer { lock?.release() }
        try await ServiceGroup(configuration: configuration).run()
    }
}
