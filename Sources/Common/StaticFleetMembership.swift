/// A fleet fixed at start: `fleet.peers`, `--peer`.
public struct StaticFleetMembership: FleetMembership {
    /// The fixed snapshot.
    public let fixed: FleetSnapshot

    public init(peers: [String], selfAddress: String? = nil) {
        fixed = FleetSnapshot(peers: peers, selfAddress: selfAddress)
    }

    public func snapshot() async -> FleetSnapshot { fixed }
}
