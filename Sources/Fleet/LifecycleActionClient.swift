/// The scale-in hand-over's two Auto Scaling calls for this instance's termination lifecycle
/// hook (design §10): `RecordLifecycleActionHeartbeat` while draining, then
/// `CompleteLifecycleAction` with `CONTINUE`. Signed like discovery's calls (SigV4 POST forms),
/// with the same endpoints, region and credentials as the `aws-asg` provider.
public struct LifecycleActionClient: Sendable {
    /// Where the calls go and how they are signed (the `aws-asg` provider's settings).
    public let provider: AWSAutoScalingDiscovery
    /// The lifecycle hook's name (`aws.lifecycle_hook`, `isofleet-drain` in `deploy/`).
    public let hookName: String

    /// A client for the hook `hookName` of the instance `provider` describes.
    public init(provider: AWSAutoScalingDiscovery, hookName: String) {
        self.provider = provider
        self.hookName = hookName
    }

    /// `RecordLifecycleActionHeartbeat`: the hook's timeout starts again.
    public func heartbeat() async throws(DiscoveryError) {
        try await call("RecordLifecycleActionHeartbeat", [:])
    }

    /// `CompleteLifecycleAction` with `result` (`CONTINUE`): the instance may terminate.
    public func complete(result: String = "CONTINUE") async throws(DiscoveryError) {
        try await call("CompleteLifecycleAction", ["LifecycleActionResult": result])
    }

    private func call(_ action: String, _ extra: [String: String]) async throws(DiscoveryError) {
        let member = try await provider.groupMember()
        var form = extra
        form["AutoScalingGroupName"] = member.group
        form["LifecycleHookName"] = hookName
        form["InstanceId"] = member.instanceID
        _ = try await member.autoScaling.call(action, form, credentials: member.credentials)
    }
}
