import Foundation

/// A configuration key that scripts and deployments rely on (design §8), with its default.
public struct ConfigurationKey: Hashable, Sendable {
    /// The dotted name used in the file: `manifest.url`.
    public let name: String
    /// The value used when neither flag, environment nor file sets one.
    public let defaultValue: String?
    /// One line for `config/isofleet.conf` and the docs.
    public let summary: String

    /// The environment variable that overrides this key: `ISOFLEET_MANIFEST_URL`.
    public var environmentName: String {
        "ISOFLEET_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

extension ConfigurationKey {
    public static let manifestURL = Self(
        name: "manifest.url", defaultValue: nil,
        summary: "where the upstream manifest lives: http(s):// or file://")
    public static let manifestInterval = Self(
        name: "manifest.interval", defaultValue: "6h", summary: "how often the manifest is pulled")
    public static let manifestMinAge = Self(
        name: "manifest.min_age", defaultValue: "1h",
        summary: "a cached manifest younger than this is not pulled again unless forced")
    public static let repositoryPath = Self(
        name: "repository.path", defaultValue: nil,
        summary: "root of the ISO repository (default: DATA_DIR/repo)")
    public static let repositoryLayout = Self(
        name: "repository.layout",
        defaultValue: "{family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso",
        summary: "template mapping an image's identity to its path in the repository")
    public static let webListen = Self(
        name: "web.listen", defaultValue: "127.0.0.1:8080", summary: "host:port of the page and API")
    public static let webPublicURL = Self(
        name: "web.public_url", defaultValue: nil,
        summary: "absolute base URL other nodes use to reach this one (default: from web.listen)")
    public static let swarmListen = Self(
        name: "swarm.listen", defaultValue: "0.0.0.0:6881", summary: "host:port for BitTorrent (TCP)")
    public static let swarmOriginPieces = Self(
        name: "swarm.origin_pieces", defaultValue: "on",
        summary: "with fleet peers, take from the origin only pieces no peer has and share them (on/off)")
    public static let swarmStallTimeout = Self(
        name: "swarm.stall_timeout", defaultValue: "60s",
        summary: "a swarm download that makes no progress this long hands over to the HTTP origin")
    public static let fleetPeers = Self(
        name: "fleet.peers", defaultValue: "", summary: "comma-separated host:port of fleet nodes")
    public static let fleetDiscovery = Self(
        name: "fleet.discovery", defaultValue: "static",
        summary: "comma-separated discovery providers: static, dns, aws-asg")
    public static let fleetDNSName = Self(
        name: "fleet.dns_name", defaultValue: nil,
        summary: "name whose A/AAAA records are the fleet (the dns provider)")
    public static let fleetPort = Self(
        name: "fleet.port", defaultValue: "6881",
        summary: "BitTorrent port of peers found by the dns and aws-asg providers")
    public static let fleetRefresh = Self(
        name: "fleet.refresh", defaultValue: "60s", summary: "how often discovery asks its providers again")
    public static let awsRegion = Self(
        name: "aws.region", defaultValue: nil,
        summary: "AWS region for the aws-asg provider (default: the instance's, from IMDS)")
    public static let awsIMDSEndpoint = Self(
        name: "aws.imds_endpoint", defaultValue: "http://169.254.169.254",
        summary: "base URL of the instance metadata service (IMDSv2)")
    public static let awsAutoScalingEndpoint = Self(
        name: "aws.autoscaling_endpoint", defaultValue: nil,
        summary: "Auto Scaling API endpoint (default: https://autoscaling.REGION.amazonaws.com)")
    public static let awsEC2Endpoint = Self(
        name: "aws.ec2_endpoint", defaultValue: nil,
        summary: "EC2 API endpoint (default: https://ec2.REGION.amazonaws.com)")
    public static let adminToken = Self(
        name: "admin.token", defaultValue: nil,
        summary: "bearer token for changes (default: generated into DATA_DIR/admin-token)")

    /// Every key the node understands, in the order the sample configuration lists them.
    public static let all: [Self] = [
        .manifestURL, .manifestInterval, .manifestMinAge, .repositoryPath, .repositoryLayout,
        .webListen, .webPublicURL, .swarmListen, .swarmOriginPieces, .swarmStallTimeout, .fleetPeers, .fleetDiscovery,
        .fleetDNSName, .fleetPort, .fleetRefresh, .awsRegion, .awsIMDSEndpoint, .awsAutoScalingEndpoint,
        .awsEC2Endpoint, .adminToken,
    ]
}
