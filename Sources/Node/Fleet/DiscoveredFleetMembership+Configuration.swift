public import Common
public import Fleet
public import Foundation
public import Logging

extension DiscoveredFleetMembership {
    /// The membership `isofleet serve` runs: the providers of `fleet.discovery` refreshed every
    /// `fleet.refresh`, this node recognised by its swarm port `port` on any of its own hosts —
    /// the host of `listen` (unless a wildcard), the interface addresses, and for `aws-asg` the
    /// instance's IMDS `local-ipv4` (which is also its endpoint as the fleet sees it).
    /// Throws naming a bad discovery key.
    public static func configured(
        _ configuration: Configuration, listen: String, port: UInt16, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(DiscoveryError) -> DiscoveredFleetMembership {
        let providers = try FleetDiscovery.providers(from: configuration, environment: environment)
        let interval = try FleetDiscovery.refreshInterval(from: configuration)
        var ownHosts = HostAddresses.current()
        var selfAddress: String?
        if let host = HostPort(parsing: listen)?.host, !["0.0.0.0", "::", ""].contains(host) {
            ownHosts.insert(host)
            selfAddress = HostPort(host: host, port: port).description
        }
        for case let provider as AWSAutoScalingDiscovery in providers {
            do {
                let address = try await provider.metadata.localIPv4()
                ownHosts.insert(address)
                selfAddress = selfAddress ?? HostPort(host: address, port: port).description
            } catch {
                logger.warning("discovery: cannot read this instance's local-ipv4 from IMDS: \(error.message)")
            }
        }
        let service = DiscoveryService(
            discovery: FleetDiscovery(providers: providers), interval: interval, logger: logger)
        return DiscoveredFleetMembership(
            discovery: service, ownHosts: ownHosts, ownPort: port, selfAddress: selfAddress)
    }
}
