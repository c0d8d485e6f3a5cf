public import Common

/// How a stopping node hands over (design §10; `drain.*`, `fleet.web_port`, `aws.lifecycle_*`).
public struct DrainSettings: Sendable, Equatable {
    /// Longest the node keeps seeding images no peer holds (`drain.max`).
    public var maxDuration: Duration
    /// Time between lifecycle heartbeats on scale-in (`drain.heartbeat`).
    public var heartbeatInterval: Duration
    /// Time between two looks at what the peers hold.
    public var checkInterval: Duration
    /// The peers' web port, where `/api/v1/images` answers (`fleet.web_port`).
    public var peerWebPort: UInt16
    /// The termination lifecycle hook (`aws.lifecycle_hook`).
    public var lifecycleHook: String
    /// Time between two reads of IMDS `autoscaling/target-lifecycle-state` (`aws.lifecycle_poll`).
    public var lifecyclePoll: Duration

    public init(
        maxDuration: Duration = .seconds(600), heartbeatInterval: Duration = .seconds(300),
        checkInterval: Duration = .seconds(2), peerWebPort: UInt16 = 8080, lifecycleHook: String = "isofleet-drain",
        lifecyclePoll: Duration = .seconds(5)
    ) {
        self.maxDuration = maxDuration
        self.heartbeatInterval = heartbeatInterval
        self.checkInterval = checkInterval
        self.peerWebPort = peerWebPort
        self.lifecycleHook = lifecycleHook
        self.lifecyclePoll = lifecyclePoll
    }

    /// The settings `configuration` gives; throws naming a malformed key.
    public init(configuration: Configuration) throws(DaemonError) {
        func duration(_ key: ConfigurationKey, _ fallback: Duration) throws(DaemonError) -> Duration {
            let value: Duration
            do { value = try configuration.duration(key) ?? fallback } catch {
                throw DaemonError(.invalidInput, error.description)
            }
            guard value > .zero || key == .drainMax else {
                throw DaemonError(.invalidInput, "\(key.name): must be more than 0")
            }
            return value
        }
        let portText = configuration[.fleetWebPort] ?? "8080"
        guard let port = UInt16(portText), port > 0 else {
            throw DaemonError(.invalidInput, "fleet.web_port: '\(portText)' is not a port")
        }
        let hook = configuration[.awsLifecycleHook] ?? "isofleet-drain"
        guard !hook.isEmpty else { throw DaemonError(.invalidInput, "aws.lifecycle_hook: must not be empty") }
        let heartbeat = try duration(.drainHeartbeat, .seconds(300))
        self.init(
            maxDuration: try duration(.drainMax, .seconds(600)), heartbeatInterval: heartbeat,
            checkInterval: min(.seconds(2), heartbeat), peerWebPort: port, lifecycleHook: hook,
            lifecyclePoll: try duration(.awsLifecyclePoll, .seconds(5)))
    }
}
