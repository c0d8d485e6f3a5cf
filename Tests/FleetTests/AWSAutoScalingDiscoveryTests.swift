import Common
import Fetch
import Fleet
import Foundation
import Logging
import TestSupport
import Testing

/// `aws-asg` against a real moto_server that checks signatures, with the node playing one of the
/// group's instances through the tests' fake IMDS. One test: moto takes seconds to start and to
/// create the group, so every step runs on the same server, in order.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AWSAutoScalingDiscoveryTests {
    @Test func theNodeFindsItsGroupsOtherInServiceInstancesAndFollowsScaleIn() async throws {
        let directory = try TemporaryDirectory(prefix: "aws-asg")
        let moto = try await MotoServer.start(in: directory)
        let fleet = try await moto.setUp()
        try #require(fleet.instances.count == 3)
        let me = fleet.instances[0]
        let others = fleet.instances.dropFirst()

        // The node is instance 0; its credentials come from the instance role, as in EC2.
        let imds = try await FakeIMDS.start(
            .init(
                instanceID: me.id, localIPv4: me.private_ip, region: "us-east-1", role: "isofleet-node",
                credentials: ["AccessKeyId": fleet.access_key_id, "SecretAccessKey": fleet.secret_access_key]),
            in: directory)
        let provider = AWSAutoScalingDiscovery(
            settings: .init(
                imdsEndpoint: imds.endpoint, autoScalingEndpoint: moto.endpoint, ec2Endpoint: moto.endpoint, port: 6881)
        )
        let found = try await provider.peerInstances()
        #expect(found.map(\.id) == others.map(\.id))
        #expect(Set(try await provider.peers()) == Set(others.map { HostPort(host: $0.private_ip, port: 6881) }))
        #expect(imds.requests().first?.method == "PUT")

        // Through the service: the peer list follows an instance leaving service.
        let service = DiscoveryService(
            discovery: FleetDiscovery(providers: [provider], ownHosts: [me.private_ip]),
            interval: .milliseconds(200), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await service.run() }
        defer { running.cancel() }
        var updates = service.updates.makeAsyncIterator()
        #expect(await updates.next()?.map(\.host).sorted() == others.map(\.private_ip).sorted())

        try await moto.takeOutOfService("standby", fleet.instances[1].id, fleet: fleet)
        #expect(await updates.next() == [HostPort(host: fleet.instances[2].private_ip, port: 6881)])

        try await moto.takeOutOfService("terminate", fleet.instances[2].id, fleet: fleet)
        #expect(await updates.next() == [])
        running.cancel()

        // A wrong secret: moto refuses the signature, and the error names the action and endpoint.
        let forged = AWSAutoScalingDiscovery(
            settings: .init(
                imdsEndpoint: imds.endpoint, region: "us-east-1", autoScalingEndpoint: moto.endpoint,
                ec2Endpoint: moto.endpoint,
                credentials: AWSCredentials(accessKeyID: fleet.access_key_id, secretAccessKey: "not-the-secret")))
        let refused = try await #require(throws: DiscoveryError.self) { try await forged.peerInstances() }
        #expect(refused.code == .refused)
        #expect(refused.message.contains("autoscaling:DescribeAutoScalingInstances at \(moto.endpoint.absoluteString)"))
        #expect(refused.message.contains("SignatureDoesNotMatch"))
    }
}
