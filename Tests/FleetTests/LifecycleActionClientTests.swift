import Common
import Fleet
import TestSupport
import Testing

/// The scale-in hand-over's Auto Scaling calls against the tests' fake endpoint (moto 5.2.1
/// answers 500 for them): signed for `autoscaling`, naming this instance, its group and the hook.
@Suite(.timeLimit(.minutes(1)))
struct LifecycleActionClientTests {
    @Test func heartbeatAndCompleteNameTheInstanceGroupAndHook() async throws {
        let directory = try TemporaryDirectory(prefix: "lifecycle")
        let imds = try await FakeIMDS.start(
            .init(
                instanceID: "i-0abc", localIPv4: "10.0.0.9", region: "eu-west-1", role: "node",
                credentials: ["AccessKeyId": "ASIAROLE", "SecretAccessKey": "role-secret", "Token": "role-token"],
                targetLifecycleState: "Terminated"),
            in: directory)
        let autoscaling = try await FakeAutoScaling.start(
            group: "fleet-asg", members: [.init(instanceID: "i-0abc", privateIP: "10.0.0.9")], in: directory)
        let provider = AWSAutoScalingDiscovery(
            settings: .init(
                imdsEndpoint: imds.endpoint, autoScalingEndpoint: autoscaling.endpoint,
                ec2Endpoint: autoscaling.endpoint))
        let client = LifecycleActionClient(provider: provider, hookName: "isofleet-drain")

        try await client.heartbeat()
        try await client.complete(result: "CONTINUE")
        let calls = autoscaling.requests().filter { $0.action != "DescribeAutoScalingInstances" }
        #expect(calls.map(\.action) == ["RecordLifecycleActionHeartbeat", "CompleteLifecycleAction"])
        for call in calls {
            #expect(call.signed && call.service == "autoscaling" && call.status == 200)
            #expect(call.form["InstanceId"] == "i-0abc" && call.form["AutoScalingGroupName"] == "fleet-asg")
            #expect(call.form["LifecycleHookName"] == "isofleet-drain")
        }
        #expect(calls.last?.form["LifecycleActionResult"] == "CONTINUE")

        // An instance the group does not hold: the AWS error comes back naming the action.
        let stranger = AWSAutoScalingDiscovery(
            settings: .init(
                imdsEndpoint: imds.endpoint, autoScalingEndpoint: autoscaling.endpoint,
                ec2Endpoint: autoscaling.endpoint))
        try imds.update(
            .init(
                instanceID: "i-0zzz", localIPv4: "10.0.0.8", region: "eu-west-1", role: "node",
                credentials: ["AccessKeyId": "ASIAROLE", "SecretAccessKey": "role-secret"]))
        let error = await #expect(throws: DiscoveryError.self) {
            try await LifecycleActionClient(provider: stranger, hookName: "isofleet-drain").complete()
        }
        #expect(error?.message.contains("DescribeAutoScalingInstances") == true, "\(String(describing: error))")
    }
}
