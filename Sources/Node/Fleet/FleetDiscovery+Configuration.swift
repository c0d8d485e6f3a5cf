public import Common
import Fetch
public import Fleet
public import Foundation

extension FleetDiscovery {
    /// The providers `fleet.discovery` names, built from their keys: `static` (`fleet.peers`),
    /// `dns` (`fleet.dns_name`, `fleet.port`), `aws-asg` (`aws.*`, `fleet.port`, credentials
    /// from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN` else the instance role).
    /// Throws naming an unknown provider or a missing or malformed key.
    public static func providers(
        from configuration: Configuration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DiscoveryError) -> [any DiscoveryProvider] {
        let portText = configuration[.fleetPort] ?? "6881"
        guard let port = UInt16(portText), port > 0 else {
            throw DiscoveryError(.configuration, "fleet.port: '\(portText)' is not a port")
        }
        var providers: [any DiscoveryProvider] = []
        for name in configuration.list(.fleetDiscovery) {
            switch name {
            case "static":
                providers.append(try StaticDiscovery(entries: configuration.list(.fleetPeers), defaultPort: port))
            case "dns":
                guard let hostName = configuration[.fleetDNSName] else {
                    throw DiscoveryError(.configuration, "fleet.discovery names dns but fleet.dns_name is not set")
                }
                providers.append(DNSDiscovery(hostName: hostName, port: port))
            case "aws-asg":
                providers.append(
                    AWSAutoScalingDiscovery(
                        settings: .init(
                            imdsEndpoint: try url(configuration, .awsIMDSEndpoint) ?? URL(
                                string: "http://169.254.169.254")!,
                            region: configuration[.awsRegion],
                            autoScalingEndpoint: try url(configuration, .awsAutoScalingEndpoint),
                            ec2Endpoint: try url(configuration, .awsEC2Endpoint),
                            credentials: AWSCredentials.fromEnvironment(environment),
                            port: port)))
            default:
                throw DiscoveryError(
                    .configuration, "fleet.discovery: unknown provider '\(name)' (static, dns, aws-asg)")
            }
        }
        return providers
    }

    /// `fleet.refresh` as a duration (default 60 s).
    public static func refreshInterval(from configuration: Configuration) throws(DiscoveryError) -> Duration {
        let interval: Duration
        do { interval = try configuration.duration(.fleetRefresh) ?? .seconds(60) } catch {
            throw DiscoveryError(.configuration, error.description)
        }
        guard interval > .zero else { throw DiscoveryError(.configuration, "fleet.refresh: must be more than 0") }
        return interval
    }

    private static func url(_ configuration: Configuration, _ key: ConfigurationKey) throws(DiscoveryError) -> URL? {
        guard let text = configuration[key] else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw DiscoveryError(.configuration, "\(key.name): '\(text)' is not an http(s) URL")
        }
        return url
    }
}
