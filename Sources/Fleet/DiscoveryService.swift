public import Common
public import Logging
public import ServiceLifecycle
import Synchronization

/// Keeps the fleet's peer set current: asks ``FleetDiscovery`` every `interval`, logs provider
/// failures (their last good peers stay), and publishes each new set through ``updates`` and
/// ``currentPeers``.
public final class DiscoveryService: Service, Sendable {
    /// The combined providers.
    public let discovery: FleetDiscovery
    /// Time between rounds (`fleet.refresh`).
    public let interval: Duration
    /// Where failures and changes of the peer set are logged.
    public let logger: Logger
    /// Every distinct peer set, first one included, as rounds produce them. One consumer.
    public let updates: AsyncStream<[HostPort]>
    private let continuation: AsyncStream<[HostPort]>.Continuation
    private let current = Mutex<[HostPort]?>(nil)

    /// A service refreshing `discovery` every `interval`.
    public init(discovery: FleetDiscovery, interval: Duration, logger: Logger) {
        self.discovery = discovery
        self.interval = interval
        self.logger = logger
        (updates, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The peers of the last round; empty before the first.
    public var currentPeers: [HostPort] { current.withLock { $0 } ?? [] }

    /// One round now: asks the providers, logs failures, publishes a changed set; returns it.
    @discardableResult
    public func refresh() async -> [HostPort] {
        let round = await discovery.refresh()
        for failure in round.failures {
            logger.warning(
                "discovery provider failed; keeping its last peers",
                metadata: [
                    "error": "\(failure)"
                ])
        }
        let changed = current.withLock { previous -> Bool in
            defer { previous = round.peers }
            return previous != round.peers
        }
        if changed {
            logger.info("fleet peers", metadata: ["peers": "\(round.peers.map(\.description).joined(separator: ","))"])
            continuation.yield(round.peers)
        }
        return round.peers
    }

    /// Refreshes every `interval` until cancelled or graceful shutdown; then finishes ``updates``.
    public func run() async throws {
        defer { continuation.finish() }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.refresh()
                do { try await Task.sleep(for: self.interval) } catch { return }
            }
        }
    }
}
