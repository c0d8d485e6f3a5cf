public import Common
import Fleet
import Foundation
public import WireTypes

/// The fleet as the page and `GET /api/v1/fleet` show it: the membership's peers, each asked for
/// its `/api/v1/images` on `fleet.web_port` (``PeerHoldings``) concurrently with a short timeout.
/// The answer is cached for a few seconds so that a busy page does not ask the whole fleet on
/// every load, and concurrent callers share one round of questions.
public struct FleetView: Sendable {
    private let recent: RecentValue<FleetJSON>

    public init(
        membership: any FleetMembership, webPort: UInt16, cacheLifetime: Duration = .seconds(5),
        timeout: Duration = .seconds(2)
    ) {
        let holdings = PeerHoldings(webPort: webPort, timeout: timeout)
        recent = RecentValue(lifetime: cacheLifetime) {
            let snapshot = await membership.snapshot()
            let peers = await holdings.answers(of: snapshot.peers)
            return FleetJSON(selfAddress: snapshot.selfAddress, checked: Date(), peers: peers)
        }
    }

    /// The fleet, asked again when the cached answer is older than the cache lifetime.
    public func fleet() async -> FleetJSON { await recent.value() }
}
