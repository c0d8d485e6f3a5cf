public import Common
public import Fleet
import Foundation
public import ISOStore
public import Logging
public import ServiceLifecycle

/// The hand-over of a stopping node (design §10). Waits in the group until its graceful shutdown
/// (SIGTERM, SIGINT, or ``ScaleInWatchService`` seeing `Terminated`); the services after it
/// (update runs, the manifest sync loop) have stopped by then, the web server and the swarm
/// session (before it in the group) still run. It then keeps seeding while some image it holds is
/// held by no discovered peer (their `/api/v1/images`), at most ``DrainSettings/maxDuration``,
/// sending a lifecycle heartbeat every ``DrainSettings/heartbeatInterval`` on scale-in, and on
/// scale-in ends with `CompleteLifecycleAction` `CONTINUE`. With no peer known there is no one
/// to hand over to, and it ends at once; so it does when no peer answers.
public struct DrainService: Service, CustomStringConvertible {
    public let drain: DrainState
    public let settings: DrainSettings
    public let fleet: any FleetMembership
    /// What the node holds: its present images, by SHA-256.
    public let store: CatalogStore
    /// The lifecycle hook's calls; nil without `aws-asg`.
    public let lifecycle: LifecycleActionClient?
    public let logger: Logger

    public init(
        drain: DrainState, settings: DrainSettings, fleet: any FleetMembership,
        store: CatalogStore, lifecycle: LifecycleActionClient?, logger: Logger
    ) {
        self.drain = drain
        self.settings = settings
        self.fleet = fleet
        self.store = store
        self.lifecycle = lifecycle
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "DrainService" }

    public func run() async throws {
        do { try await gracefulShutdown() } catch { return }  // cancelled: no hand-over
        let reason = drain.begin(.signal)
        var scaleIn = reason == .scaleIn
        if !scaleIn, let lifecycle {
            // SIGTERM on an instance the group is terminating anyway: hand over the same way.
            scaleIn = (try? await lifecycle.provider.metadata.targetLifecycleState()) == "Terminated"
        }
        logger.notice(
            "draining (\(scaleIn ? "scale-in" : reason.rawValue)): no new work; handing over what only this node holds")
        await handOver(heartbeats: scaleIn ? lifecycle : nil)
        if scaleIn, let lifecycle { await complete(lifecycle) }
    }

    /// Seeds on while an image is held by no peer, up to the deadline; heartbeats meanwhile.
    private func handOver(heartbeats: LifecycleActionClient?) async {
        let clock = ContinuousClock()
        let deadline = clock.now + settings.maxDuration
        var nextHeartbeat = clock.now + settings.heartbeatInterval
        let holdings = PeerHoldings(webPort: settings.peerWebPort)
        var reported: Int?
        while true {
            let peers = await fleet.snapshot().peers
            guard !peers.isEmpty else {
                logger.notice("drain: no peer to hand over to; done")
                return
            }
            let answers = await holdings.holdings(of: peers)
            guard answers.answered > 0 else {
                logger.notice(
                    "drain: none of the \(peers.count) peer(s) answers on fleet.web_port; no one to hand over to; done")
                return
            }
            let held = Set(((try? store.images()) ?? []).filter { $0.state == .present }.compactMap(\.sha256))
            let only = held.subtracting(answers.sha256s)
            if only.isEmpty {
                logger.notice("drain: every image this node holds is held by a peer; done")
                return
            }
            if clock.now >= deadline {
                logger.warning("drain: drain.max reached with \(only.count) image(s) held by no peer; stopping anyway")
                return
            }
            if reported != only.count {
                logger.notice("drain: \(only.count) image(s) held by no peer yet; seeding on")
                reported = only.count
            }
            if let heartbeats, clock.now >= nextHeartbeat {
                do {
                    try await heartbeats.heartbeat()
                    logger.info("drain: lifecycle heartbeat sent")
                } catch {
                    logger.warning("drain: lifecycle heartbeat failed: \(error.message)")
                }
                nextHeartbeat = clock.now + settings.heartbeatInterval
            }
            // Wake for the next look at the peers, the deadline or the next heartbeat, whichever first.
            let untilHeartbeat = heartbeats == nil ? settings.checkInterval : nextHeartbeat - clock.now
            let pause = min(settings.checkInterval, deadline - clock.now, untilHeartbeat)
            do { try await Task.sleep(for: max(pause, .milliseconds(10))) } catch { return }
        }
    }

    /// `CompleteLifecycleAction` `CONTINUE`, tried three times.
    private func complete(_ lifecycle: LifecycleActionClient) async {
        for attempt in 1...3 {
            do {
                try await lifecycle.complete(result: "CONTINUE")
                logger.notice("scale-in: lifecycle action completed (CONTINUE)")
                return
            } catch {
                logger.warning("scale-in: CompleteLifecycleAction failed (attempt \(attempt) of 3): \(error.message)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
