/// Where the fleet's current peer set comes from: fixed configuration, or discovery refreshed in
/// the background (design §10).
public protocol FleetMembership: Sendable {
    /// The fleet as known now.
    func snapshot() async -> FleetSnapshot
}
