public import Common
import Foundation
public import Node

/// What one connection may take of the server (issue 15, item 3), from `web.idle_timeout`,
/// `web.body_timeout`, `web.max_connections` and `web.max_connections_per_client`; the rest are
/// fixed: a client that takes no byte of its answer for ``sendTimeout`` is dropped, and a
/// connection answered before its body was read lingers ``lingerTime`` at most.
public struct ConnectionLimits: Sendable, Hashable {
    /// No complete request header for this long (idle, or a header sent a byte at a time): closed.
    public var idleTimeout: Duration
    /// A request body not complete this long after its header: the connection is closed.
    public var bodyTimeout: Duration
    /// Open connections at most; further clients wait in the listen backlog.
    public var maxConnections: Int
    /// Open connections from one address (an IPv6 /64) at most; more are closed at once.
    public var maxConnectionsPerClient: Int
    /// A client that takes no byte of its answer this long is dropped.
    public var sendTimeout: Duration = .seconds(60)
    /// How long a connection answered before its body was read keeps reading what still comes.
    public var lingerTime: Duration = .seconds(5)

    public init(
        idleTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(60), maxConnections: Int = 512,
        maxConnectionsPerClient: Int = 64
    ) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
    }

    /// Reads the four keys; their defaults when unset.
    /// - Throws: ``DaemonError`` `invalidInput` naming the key, the value and the allowed range.
    public init(configuration: Configuration) throws(DaemonError) {
        self.init()
        idleTimeout = try Self.duration(.webIdleTimeout, in: configuration) ?? idleTimeout
        bodyTimeout = try Self.duration(.webBodyTimeout, in: configuration) ?? bodyTimeout
        maxConnections = try Self.count(.webMaxConnections, in: configuration) ?? maxConnections
        maxConnectionsPerClient =
            try Self.count(.webMaxConnectionsPerClient, in: configuration) ?? maxConnectionsPerClient
    }

    /// The process's soft limit on open descriptors (`ulimit -n`), nil when unlimited or unknown.
    static func descriptorLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return nil
        }
        return Int(clamping: limit.rlim_cur)
    }

    private static func duration(
        _ key: ConfigurationKey, in configuration: Configuration
    ) throws(DaemonError) -> Duration? {
        let duration: Duration?
        do { duration = try configuration.duration(key) } catch {
            throw DaemonError(.invalidInput, error.description)
        }
        guard let duration else { return nil }
        guard duration >= .seconds(1), duration <= .seconds(86_400) else {
            throw DaemonError(.invalidInput, "\(key.name): '\(configuration[key] ?? "")' is outside 1s…1d")
        }
        return duration
    }

    private static func count(_ key: ConfigurationKey, in configuration: Configuration) throws(DaemonError) -> Int? {
        guard let text = configuration[key] else { return nil }
        guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_000_000).contains(count) else {
            throw DaemonError(.invalidInput, "\(key.name): '\(text)' is not a whole number in 1…1000000")
        }
        return count
    }
}
