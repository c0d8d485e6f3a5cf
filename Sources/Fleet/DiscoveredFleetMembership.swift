public import Common
public import ServiceLifecycle
import Synchronization

/// The fleet as discovery finds it (`fleet.discovery`): the peers of the last round of the
/// ``DiscoveryService`` it runs, minus this node, republished to every subscriber of
/// ``changes()`` when the set changes.
///
/// A discovered peer is this node when its host is one of ``ownHosts`` (the `swarm.listen` host,
/// the IMDS `local-ipv4`, the interface addresses) and its port is ``ownPort``: several nodes may
/// share a host on different ports (tests, one-box fleets), but a node never peers with itself.
public final class DiscoveredFleetMembership: FleetMembership, Service, CustomStringConvertible {
    /// The discovery rounds this membership follows (run by ``run()``).
    public let discovery: DiscoveryService
    /// Addresses of this node.
    public let ownHosts: Set<String>
    /// This node's BitTorrent port.
    public let ownPort: UInt16
    /// This node's endpoint when configured (`swarm.listen` on one address); else the first
    /// discovered peer that is this node, once one is.
    public let configuredSelfAddress: String?
    private let state: Mutex<State>

    private struct State {
        var current = FleetSnapshot.alone
        var subscribers: [Int: AsyncStream<FleetSnapshot>.Continuation] = [:]
        var nextSubscriber = 0
    }

    /// A membership following `discovery`, recognising this node by `ownHosts` and `ownPort`.
    public init(discovery: DiscoveryService, ownHosts: Set<String>, ownPort: UInt16, selfAddress: String? = nil) {
        self.discovery = discovery
        self.ownHosts = ownHosts
        self.ownPort = ownPort
        configuredSelfAddress = selfAddress
        state = Mutex(State(current: FleetSnapshot(peers: [], selfAddress: selfAddress)))
    }

    /// The name the service group logs.
    public var description: String { "DiscoveredFleetMembership" }

    public func snapshot() async -> FleetSnapshot { current }

    /// The fleet as known now.
    public var current: FleetSnapshot { state.withLock { $0.current } }

    /// The current snapshot at once, then every changed one, until the membership stops.
    public func changes() -> AsyncStream<FleetSnapshot> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: FleetSnapshot.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            defer { state.nextSubscriber += 1 }
            state.subscribers[state.nextSubscriber] = continuation
            continuation.yield(state.current)
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The snapshot `peers` make: this node left out, its own endpoint noted.
    public static func snapshot(
        of peers: [HostPort], ownHosts: Set<String>, ownPort: UInt16, selfAddress: String?
    ) -> FleetSnapshot {
        let isSelf = { (peer: HostPort) in peer.port == ownPort && ownHosts.contains(peer.host) }
        let found = peers.first(where: isSelf)?.description
        return FleetSnapshot(
            peers: peers.filter { !isSelf($0) }.map(\.description), selfAddress: selfAddress ?? found)
    }

    /// Publishes the peers of one discovery round; subscribers hear of it when the set changed.
    public func publish(_ peers: [HostPort]) {
        let next = Self.snapshot(of: peers, ownHosts: ownHosts, ownPort: ownPort, selfAddress: configuredSelfAddress)
        state.withLock { state in
            guard state.current != next else { return }
            state.current = next
            for continuation in state.subscribers.values { continuation.yield(next) }
        }
    }

    /// The `aws-asg` provider when `fleet.discovery` names it: the scale-in watch and the
    /// lifecycle calls use its IMDS client, endpoints and credentials.
    public var awsAutoScaling: AWSAutoScalingDiscovery? {
        discovery.discovery.providers.lazy.compactMap { $0 as? AWSAutoScalingDiscovery }.first
    }

    /// One discovery round now, published: the first peers before the node starts its services.
    public func prime() async {
        publish(await discovery.refresh())
    }

    /// Runs the discovery service and publishes each peer set it finds, until graceful shutdown;
    /// then ends every ``changes()`` stream.
    public func run() async throws {
        defer {
            let subscribers = state.withLock { state in
                defer { state.subscribers = [:] }
                return Array(state.subscribers.values)
            }
            for continuation in subscribers { continuation.finish() }
        }
        let discovery = discovery
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await discovery.run() }
            group.addTask {
                for await peers in discovery.updates { self.publish(peers) }
            }
            try await group.waitForAll()
        }
    }
}
