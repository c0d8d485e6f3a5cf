import Common
import Fetch
import Fleet
import Foundation
import TestSupport
import Testing

struct InstanceMetadataClientTests {
    @Test func theClientPutsForATokenWithItsTTLThenGetsWithIt() async throws {
        let directory = try TemporaryDirectory(prefix: "imds")
        let imds = try await FakeIMDS.start(
            .init(
                instanceID: "i-0123", localIPv4: "10.1.2.3", region: "eu-west-1", role: "isofleet-node",
                credentials: ["AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s3cret", "Token": "session"],
                targetLifecycleState: "InService"),
            in: directory)

        // Like real IMDSv2, the fake refuses a GET that carries no token, and a PUT without a TTL.
        let bare = try CommandResult.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}",
                imds.endpoint.absoluteString + "/latest/meta-data/instance-id",
            ])
        #expect(bare.stdout == "401")
        let noTTL = try CommandResult.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                imds.endpoint.absoluteString + "/latest/api/token",
            ])
        #expect(noTTL.stdout == "400")

        let client = InstanceMetadataClient(endpoint: imds.endpoint, tokenTTL: .seconds(300))
        #expect(try await client.instanceID() == "i-0123")
        #expect(try await client.localIPv4() == "10.1.2.3")
        #expect(try await client.region() == "eu-west-1")
        #expect(
            try await client.roleCredentials()
                == AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s3cret", sessionToken: "session"))
        #expect(try await client.targetLifecycleState() == "InService")
        try imds.update(
            .init(instanceID: "i-0123", localIPv4: "10.1.2.3", region: "eu-west-1", targetLifecycleState: "Terminated"))
        #expect(try await client.targetLifecycleState() == "Terminated")

        let requests = imds.requests().dropFirst(2)  // the two curl probes
        let first = try #require(requests.first)
        #expect(first.method == "PUT" && first.path == "/latest/api/token" && first.status == 200)
        #expect(first.ttl == "300" && !first.token)
        #expect(requests.filter { $0.method == "PUT" }.count == 1, "the token is reused while it lives")
        #expect(requests.dropFirst().allSatisfy { $0.method == "GET" && $0.token && $0.status == 200 })
        #expect(requests.count == 1 + 7)  // credentials take two GETs: the role listing, then the role
    }

    @Test func aMissingValueIsAnErrorNamingThePath() async throws {
        let directory = try TemporaryDirectory(prefix: "imds")
        let imds = try await FakeIMDS.start(
            .init(instanceID: "i-0123", localIPv4: "10.1.2.3", region: "eu-west-1"), in: directory)
        let client = InstanceMetadataClient(endpoint: imds.endpoint)
        let error = try await #require(throws: DiscoveryError.self) { try await client.targetLifecycleState() }
        #expect(error.code == .metadata)
        #expect(error.message.contains("autoscaling/target-lifecycle-state") && error.message.contains("HTTP 404"))
        let roleless = try await #require(throws: DiscoveryError.self) { try await client.roleCredentials() }
        #expect(roleless.code == .metadata)
    }
}
