public import Common
public import Fetch
public import Foundation

/// The `aws-asg` provider: the other InService instances of this instance's autoscaling group.
///
/// IMDSv2 gives the instance id, region and (unless static credentials are configured) the
/// instance role's credentials; then `DescribeAutoScalingInstances` (own group),
/// `DescribeAutoScalingGroups` (its instances with LifecycleState `InService`; `Pending`,
/// `Terminating*`, `Standby`, `Detaching`… are left out) and `DescribeInstances` (their
/// `PrivateIpAddress`). This instance itself is excluded. Every call is a SigV4-signed POST form.
public struct AWSAutoScalingDiscovery: DiscoveryProvider {
    /// Where the AWS calls go and how they are authenticated.
    public struct Settings: Sendable {
        /// Base URL of IMDS.
        public var imdsEndpoint: URL
        /// Region; nil: the instance's, from IMDS.
        public var region: String?
        /// Auto Scaling endpoint; nil: `https://autoscaling.REGION.amazonaws.com/`.
        public var autoScalingEndpoint: URL?
        /// EC2 endpoint; nil: `https://ec2.REGION.amazonaws.com/`.
        public var ec2Endpoint: URL?
        /// Static credentials (from the environment); nil: the instance role's, from IMDS.
        public var credentials: AWSCredentials?
        /// The BitTorrent port of every peer.
        public var port: UInt16

        /// Settings from their parts.
        public init(
            imdsEndpoint: URL, region: String? = nil, autoScalingEndpoint: URL? = nil, ec2Endpoint: URL? = nil,
            credentials: AWSCredentials? = nil, port: UInt16 = 6881
        ) {
            self.imdsEndpoint = imdsEndpoint
            self.region = region
            self.autoScalingEndpoint = autoScalingEndpoint
            self.ec2Endpoint = ec2Endpoint
            self.credentials = credentials
            self.port = port
        }
    }

    /// `aws-asg`.
    public var name: String { "aws-asg" }
    /// Endpoints, region, credentials and port.
    public let settings: Settings
    /// The metadata client (also the source of the scale-in signal).
    public let metadata: InstanceMetadataClient

    /// A provider with `settings`.
    public init(settings: Settings) {
        self.settings = settings
        metadata = InstanceMetadataClient(endpoint: settings.imdsEndpoint)
    }

    /// The private addresses of ``peerInstances()``, each at the configured port.
    public func peers() async throws -> [HostPort] {
        try await peerInstances().map { HostPort(host: $0.privateIP, port: settings.port) }
    }

    /// One InService instance of the group other than this one.
    public struct Instance: Sendable, Hashable {
        /// The EC2 instance id.
        public var id: String
        /// Its `PrivateIpAddress`.
        public var privateIP: String
    }

    /// This instance in its group: what the lifecycle calls and the peer listing need.
    struct GroupMember: Sendable {
        var instanceID: String
        var group: String
        var region: String
        var credentials: AWSCredentials
        var autoScaling: AWSQueryClient
        var ec2: AWSQueryClient
    }

    /// This instance's id, region, credentials and autoscaling group (IMDS, then
    /// `DescribeAutoScalingInstances`).
    func groupMember() async throws(DiscoveryError) -> GroupMember {
        let instanceID = try await metadata.instanceID()
        let region: String
        if let configured = settings.region { region = configured } else { region = try await metadata.region() }
        let credentials: AWSCredentials
        if let configured = settings.credentials {
            credentials = configured
        } else {
            credentials = try await metadata.roleCredentials()
        }
        let autoScaling = AWSQueryClient(
            endpoint: settings.autoScalingEndpoint ?? URL(string: "https://autoscaling.\(region).amazonaws.com/")!,
            service: "autoscaling", version: "2011-01-01", region: region)
        let ec2 = AWSQueryClient(
            endpoint: settings.ec2Endpoint ?? URL(string: "https://ec2.\(region).amazonaws.com/")!,
            service: "ec2", version: "2016-11-15", region: region)

        let own = try await autoScaling.call(
            "DescribeAutoScalingInstances", ["InstanceIds.member.1": instanceID], credentials: credentials)
        guard
            let group = own.all("DescribeAutoScalingInstancesResult", "AutoScalingInstances", "member")
                .first(where: { $0.value("InstanceId") == instanceID })?.value("AutoScalingGroupName")
        else {
            throw DiscoveryError(
                .badResponse,
                "autoscaling:DescribeAutoScalingInstances at \(autoScaling.endpoint.absoluteString): instance \(instanceID) is in no autoscaling group"
            )
        }
        return GroupMember(
            instanceID: instanceID, group: group, region: region, credentials: credentials, autoScaling: autoScaling,
            ec2: ec2)
    }

    /// The group's other InService instances with their private addresses, sorted by id.
    public func peerInstances() async throws(DiscoveryError) -> [Instance] {
        let member = try await groupMember()
        let (instanceID, group, credentials, autoScaling, ec2) = (
            member.instanceID, member.group, member.credentials, member.autoScaling, member.ec2
        )

        var inService: [String] = []
        var nextToken: String?
        repeat {
            var form = ["AutoScalingGroupNames.member.1": group]
            if let nextToken { form["NextToken"] = nextToken }
            let answer = try await autoScaling.call("DescribeAutoScalingGroups", form, credentials: credentials)
            let result = answer.all("DescribeAutoScalingGroupsResult")
            for instance in result.flatMap({ $0.all("AutoScalingGroups", "member", "Instances", "member") })
            where instance.value("LifecycleState") == "InService" {
                if let id = instance.value("InstanceId"), id != instanceID { inService.append(id) }
            }
            nextToken = result.first?.value("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while nextToken != nil

        var instances: [Instance] = []
        for start in stride(from: 0, to: inService.count, by: 100) {
            let batch = inService[start..<min(start + 100, inService.count)]
            var token: String?
            repeat {
                var form: [String: String] = [:]
                for (index, id) in batch.enumerated() { form["InstanceId.\(index + 1)"] = id }
                if let token { form["NextToken"] = token }
                let answer = try await ec2.call("DescribeInstances", form, credentials: credentials)
                for item in answer.all("reservationSet", "item", "instancesSet", "item") {
                    if let id = item.value("instanceId"), let ip = item.value("privateIpAddress"), !ip.isEmpty {
                        instances.append(Instance(id: id, privateIP: ip))
                    }
                }
                token = answer.value("nextToken").flatMap { $0.isEmpty ? nil : $0 }
            } while token != nil
        }
        return instances.sorted { $0.id < $1.id }
    }
}
