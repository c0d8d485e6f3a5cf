import Common
import Fetch
import Fleet
import Foundation
import Node
import Testing

struct DiscoveryConfigurationTests {
    @Test func providersAreBuiltFromTheirKeys() throws {
        let configuration = try Configuration(
            file: nil,
            environment: [
                "ISOFLEET_FLEET_DISCOVERY": "static, dns, aws-asg",
                "ISOFLEET_FLEET_PEERS": "10.0.0.1:6881,10.0.0.2",
                "ISOFLEET_FLEET_DNS_NAME": "fleet.internal",
                "ISOFLEET_FLEET_PORT": "7000",
                "ISOFLEET_AWS_REGION": "eu-west-1",
                "ISOFLEET_AWS_EC2_ENDPOINT": "http://127.0.0.1:5000/",
            ])
        let providers = try FleetDiscovery.providers(
            from: configuration, environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"])
        #expect(providers.map(\.name) == ["static", "dns", "aws-asg"])
        let staticPeers = try #require(providers[0] as? StaticDiscovery).configured
        #expect(staticPeers == [HostPort(host: "10.0.0.1", port: 6881), HostPort(host: "10.0.0.2", port: 7000)])
        let dns = try #require(providers[1] as? DNSDiscovery)
        #expect(dns.hostName == "fleet.internal" && dns.port == 7000)
        let aws = try #require(providers[2] as? AWSAutoScalingDiscovery).settings
        #expect(aws.imdsEndpoint.absoluteString == "http://169.254.169.254")
        #expect(aws.region == "eu-west-1")
        #expect(aws.ec2Endpoint?.absoluteString == "http://127.0.0.1:5000/")
        #expect(aws.autoScalingEndpoint == nil)
        #expect(aws.credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"))
        #expect(aws.port == 7000)
        #expect(try FleetDiscovery.refreshInterval(from: configuration) == .seconds(60))
    }

    @Test func withoutEnvironmentKeysTheInstanceRoleIsUsed() throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_FLEET_DISCOVERY": "aws-asg"])
        let providers = try FleetDiscovery.providers(from: configuration, environment: ["AWS_ACCESS_KEY_ID": "AKID"])
        #expect(try #require(providers.first as? AWSAutoScalingDiscovery).settings.credentials == nil)
    }

    @Test func mistakesAreNamed() throws {
        func providers(_ environment: [String: String]) throws {
            _ = try FleetDiscovery.providers(
                from: try Configuration(file: nil, environment: environment), environment: [:])
        }
        #expect(
            throws: DiscoveryError(.configuration, "fleet.discovery: unknown provider 'consul' (static, dns, aws-asg)")
        ) {
            try providers(["ISOFLEET_FLEET_DISCOVERY": "static,consul"])
        }
        #expect(throws: DiscoveryError(.configuration, "fleet.discovery names dns but fleet.dns_name is not set")) {
            try providers(["ISOFLEET_FLEET_DISCOVERY": "dns"])
        }
        #expect(throws: DiscoveryError(.configuration, "fleet.port: '70000' is not a port")) {
            try providers(["ISOFLEET_FLEET_PORT": "70000"])
        }
        #expect(throws: DiscoveryError(.configuration, "aws.imds_endpoint: 'imds' is not an http(s) URL")) {
            try providers(["ISOFLEET_FLEET_DISCOVERY": "aws-asg", "ISOFLEET_AWS_IMDS_ENDPOINT": "imds"])
        }
        let refresh = try Configuration(file: nil, environment: ["ISOFLEET_FLEET_REFRESH": "soon"])
        #expect(throws: DiscoveryError.self) { try FleetDiscovery.refreshInterval(from: refresh) }
    }

    @Test func theSampleConfigurationStillParses() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config/isofleet.conf").path
        let configuration = try Configuration(file: sample, environment: [:])
        #expect(configuration[.fleetPort] == "6881")
        #expect(configuration[.fleetRefresh] == "60s")
        #expect(configuration[.awsIMDSEndpoint] == "http://169.254.169.254")
    }
}
