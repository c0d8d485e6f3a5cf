/// The fleet as this node knows it at one moment: the other nodes' swarm endpoints and, when
/// known, this node's own. Update runs read one per run; seeding reads one per refresh.
public struct FleetSnapshot: Sendable, Hashable {
    /// Other nodes' BitTorrent endpoints (`host:port`), sorted, deduplicated, never this node.
    public var peers: [String]
    /// This node's own endpoint as the others see it, when known (`swarm.listen` on one address,
    /// or the address discovery found for this instance).
    public var selfAddress: String?

    /// A snapshot; `peers` is sorted and deduplicated, and `selfAddress` removed from it.
    public init(peers: [String], selfAddress: String? = nil) {
        self.peers = Array(Set(peers).subtracting(selfAddress.map { [$0] } ?? [])).sorted()
        self.selfAddress = selfAddress
    }

    /// Nodes in the fleet, this one included.
    public var size: Int { peers.count + 1 }

    /// This node's place in `0..<size`: its position among all members sorted by address, so that
    /// every node computes the same split of the work. Without a known own address, a position
    /// derived from `fallbackSeed` (stable for one node, different between nodes).
    public func rank(fallbackSeed: UInt64) -> Int {
        guard let selfAddress else { return Int(fallbackSeed % UInt64(size)) }
        return peers.filter { $0 < selfAddress }.count
    }

    /// No peers known.
    public static let alone = FleetSnapshot(peers: [])
}
