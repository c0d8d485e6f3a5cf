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
        summary: "where the upstream manifest lives: http(s)://, file://, s3://, smb:// or nfs://")
    public static let manifestInterval = Self(
        name: "manifest.interval", defaultValue: "6h", summary: "how often the manifest is pulled")
    public static let manifestMinAge = Self(
        name: "manifest.min_age", defaultValue: "1h",
        summary: "a cached manifest younger than this is not pulled again unless forced")
    public static let manifestKeys = Self(
        name: "manifest.keys", defaultValue: nil,
        summary:
            "Ed25519 public keys (base64, or absolute paths of key files) one of which must sign the manifest; unset: signatures not required"
    )
    public static let manifestAllowUnverified = Self(
        name: "manifest.allow_unverified", defaultValue: "off",
        summary: "fetch manifest images that have no sha256 (never served under /files/) (on/off)")
    public static let fetchAllowHosts = Self(
        name: "fetch.allow_hosts", defaultValue: "public",
        summary:
            "hosts a manifest's sources may use: names, *.suffix, addresses, CIDRs, and 'public' for any non-internal address"
    )
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
    public static let webIdleTimeout = Self(
        name: "web.idle_timeout", defaultValue: "30s",
        summary: "a connection that sends no complete request header this long is closed (idle or slowloris)")
    public static let webBodyTimeout = Self(
        name: "web.body_timeout", defaultValue: "60s",
        summary: "a request body not complete this long after its header closes the connection")
    public static let webMaxConnections = Self(
        name: "web.max_connections", defaultValue: "512",
        summary: "open web connections at most; further clients wait in the listen backlog")
    public static let webMaxConnectionsPerClient = Self(
        name: "web.max_connections_per_client", defaultValue: "64",
        summary: "open web connections from one address (IPv6: one /64) at most; more are closed at once")
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
    public static let fleetWebPort = Self(
        name: "fleet.web_port", defaultValue: "8080",
        summary: "port of the other nodes' page and API (the fleet view and a draining node ask them what they hold)")
    public static let drainMax = Self(
        name: "drain.max", defaultValue: "10m",
        summary: "longest a stopping node keeps seeding images no peer holds yet (scale-in, SIGTERM)")
    public static let drainHeartbeat = Self(
        name: "drain.heartbeat", defaultValue: "5m",
        summary: "time between lifecycle heartbeats while draining on scale-in (below the hook's HeartbeatTimeout)")
    public static let awsLifecycleHook = Self(
        name: "aws.lifecycle_hook", defaultValue: "isofleet-drain",
        summary: "name of the autoscaling termination lifecycle hook the node completes (aws-asg)")
    public static let awsLifecyclePoll = Self(
        name: "aws.lifecycle_poll", defaultValue: "5s",
        summary: "how often IMDS autoscaling/target-lifecycle-state is read for scale-in (aws-asg)")
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
    public static let fetchMaxSize = Self(
        name: "fetch.max_size", defaultValue: "64G",
        summary: "largest image fetched without a manifest size (a larger manifest size is refused); e.g. 4G")
    public static let fetchMinRate = Self(
        name: "fetch.min_rate", defaultValue: "16k",
        summary: "lowest average bytes/s over fetch.min_rate_window, else the next mirror continues (0: off)")
    public static let fetchMinRateWindow = Self(
        name: "fetch.min_rate_window", defaultValue: "60s", summary: "the window fetch.min_rate is averaged over")
    public static let addStallTimeout = Self(
        name: "add.stall_timeout", defaultValue: "10m",
        summary: "an addition (isofleet add) fails when no peer sends metadata, or no byte arrives, this long")
    public static let importRoots = Self(
        name: "import.roots", defaultValue: "",
        summary: "comma-separated directories the daemon may add files from (API, page); none by default")
    public static let s3Region = Self(
        name: "s3.region", defaultValue: "us-east-1", summary: "region of the S3 buckets in s3:// sources and mirrors")
    public static let s3Endpoint = Self(
        name: "s3.endpoint", defaultValue: nil,
        summary: "S3 endpoint instead of AWS's (moto, MinIO, a VPC endpoint); requests are then path-style")
    public static let smbUser = Self(
        name: "smb.user", defaultValue: nil, summary: "user for smb:// sources and mirrors (default: guest)")
    public static let smbPasswordFile = Self(
        name: "smb.password_file", defaultValue: nil,
        summary: "file holding the SMB password (first line); never given on the command line")
    public static let smbWorkgroup = Self(
        name: "smb.workgroup", defaultValue: "WORKGROUP", summary: "SMB workgroup or domain of smb.user")
    public static let storageMirrors = Self(
        name: "storage.mirrors", defaultValue: "",
        summary: "comma-separated s3://, smb://, nfs://, file:// folders kept identical to the repository")

    /// Every key the node understands, in the order the sample configuration lists them.
    public static let all: [Self] = [
        .manifestURL, .manifestInterval, .manifestMinAge, .manifestKeys, .manifestAllowUnverified, .fetchAllowHosts,
        .repositoryPath, .repositoryLayout,
        .webListen, .webPublicURL, .webIdleTimeout, .webBodyTimeout, .webMaxConnections, .webMaxConnectionsPerClient,
        .swarmListen, .swarmOriginPieces, .swarmStallTimeout, .fleetPeers, .fleetDiscovery,
        .fleetDNSName, .fleetPort, .fleetRefresh, .fleetWebPort, .drainMax, .drainHeartbeat, .awsRegion,
        .awsIMDSEndpoint, .awsAutoScalingEndpoint, .awsEC2Endpoint, .awsLifecycleHook, .awsLifecyclePoll, .adminToken,
        .fetchMaxSize, .fetchMinRate, .fetchMinRateWindow, .importRoots, .addStallTimeout, .s3Region, .s3Endpoint,
        .smbUser, .smbPasswordFile, .smbWorkgroup, .storageMirrors,
    ]
}
