public import Common

/// A source of fleet peers (design §10): `static`, `dns`, `aws-asg`.
///
/// Each call asks afresh; ``FleetDiscovery`` combines providers and keeps the last good answer of
/// one that fails.
public protocol DiscoveryProvider: Sendable {
    /// The provider's name as written in `fleet.discovery`, for logs and errors.
    var name: String { get }
    /// The peers this provider knows of now; throws ``DiscoveryError`` when it cannot tell.
    func peers() async throws -> [HostPort]
}
