import Acquisition
public import Common
import ISOStore
import Swarm

/// An update run of `isofleet update` without a daemon: the node's own ``UpdateRunner`` on the
/// site's store, with a swarm session of this process when fleet peers are known (the fleet is
/// fixed: `--peer` and `fleet.peers`). ``finish()`` lets finished torrents end their handover
/// (``SwarmHandover``), then closes the session.
public struct ForegroundUpdate: Sendable {
    /// The runner: ``UpdateRunner/run(prune:forceSync:)``, ``UpdateRunner/preview(prune:forceSync:)``, events.
    public let runner: UpdateRunner
    private let session: SwarmSession?
    /// True when a run here would have a swarm (fleet peers are known) even if this one, a dry
    /// run, started none: ``UpdateRunner/preview(prune:forceSync:scope:swarmExpected:)`` names
    /// the swarm as the first source where the run would use it.
    public let swarmExpected: Bool
    /// The node on the site's store (selections for ``NodeEnvironment/updateScope(for:)``).
    public let environment: NodeEnvironment
    private let handovers = SwarmHandover()

    /// A runner on `site` for `peers`; `swarm` false (a dry run) starts no session.
    /// - Throws: ``DaemonError``: `invalidInput` for a bad setting, `io` when the store or the
    ///   swarm cannot start.
    public init(site: NodeSite, peers: [String], listen: String, swarm: Bool) async throws(DaemonError) {
        let store = try site.openStore()
        let session = swarm ? try await site.updateSwarmSession(listen: listen, peers: peers) : nil
        let fleet = await site.staticFleet(peers: peers, listen: listen, session: session)
        do {
            runner = try site.updateRunner(store: store, swarm: session, fleet: fleet, handovers: handovers)
        } catch {
            await session?.shutdown()
            throw error
        }
        self.session = session
        swarmExpected = !peers.isEmpty
        environment = NodeEnvironment(site: site, store: store)
    }

    /// Waits for the handovers of finished torrents to end, then closes the swarm session,
    /// saving resume data.
    public func finish() async {
        await handovers.waitForAll()
        await session?.shutdown()
    }
}
