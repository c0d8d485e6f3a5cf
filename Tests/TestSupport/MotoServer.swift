public import Foundation

/// A `moto_server` (PyPI `moto[server]`) on a free loopback port, with signature verification on:
/// it starts with `INITIAL_NO_AUTH_ACTION_COUNT=3`, and ``setUp()`` spends exactly those three
/// unauthenticated calls creating an IAM user, its allow-all policy and its access key; every
/// later call must be signed with that key. Then an autoscaling group of 3 instances is created
/// (boto3, by the script embedded below). Killed on deinit.
public final class MotoServer: Sendable {
    /// What setUp() created.
    public struct Fleet: Sendable, Decodable {
        public struct Instance: Sendable, Decodable, Hashable {
            public let id: String
            public let private_ip: String
        }
        public let access_key_id: String
        public let secret_access_key: String
        public let group: String
        /// The group's instances, sorted by id.
        public let instances: [Instance]
    }

    public let port: UInt16
    private let process: ChildProcess
    private let scriptPath: String

    /// `http://127.0.0.1:PORT/`, the endpoint for every service.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    private init(port: UInt16, process: ChildProcess, scriptPath: String) {
        self.port = port
        self.process = process
        self.scriptPath = scriptPath
    }

    /// Starts moto_server (from PATH, else `python3 -m moto.server`), logs in `directory`.
    /// - Parameter verifySignatures: false starts a moto that accepts any key (for listings with
    ///   `/` in the prefix, which a verifying moto mis-checks: storage notes).
    public static func start(in directory: TemporaryDirectory, verifySignatures: Bool = true) async throws -> MotoServer
    {
        let scriptPath = directory.appending("moto_fixture.py")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = verifySignatures ? "3" : nil
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try FreePort.next()
            let process: ChildProcess
            if (try? ChildProcess.locate("moto_server")) != nil {
                process = try ChildProcess(
                    "moto_server", ["-H", "127.0.0.1", "-p", "\(port)"], logDirectory: directory.path,
                    environment: environment)
            } else {
                process = try ChildProcess(
                    "python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"],
                    logDirectory: directory.path, environment: environment)
            }
            do {
                try await FreePort.waitUntilListening(port: port, timeout: .seconds(30))
                return MotoServer(port: port, process: process, scriptPath: scriptPath)
            } catch {
                lastError = ChildProcessError(
                    "moto_server did not listen on \(port): \(error) \(process.standardError())")
            }
        }
        throw lastError ?? ChildProcessError("moto_server did not start")
    }

    /// Creates the IAM key (the three unauthenticated calls) and the 3-instance group with it.
    public func setUp() async throws -> Fleet {
        let result = try await Self.python([scriptPath, "setup", endpoint.absoluteString])
        return try JSONDecoder().decode(Fleet.self, from: Data(result.utf8))
    }

    /// Takes `instance` out of service: `standby` (enter_standby), `detach` (detach_instances) or
    /// `terminate` (terminate_instance_in_auto_scaling_group), decrementing the desired capacity.
    public func takeOutOfService(_ verb: String, _ instance: String, fleet: Fleet) async throws {
        _ = try await Self.python([
            scriptPath, verb, endpoint.absoluteString, fleet.access_key_id, fleet.secret_access_key, fleet.group,
            instance,
        ])
    }

    /// Runs python3 on its own thread (boto3 calls block for seconds); its stdout, or throws with stderr.
    private static func python(_ arguments: [String]) async throws -> String {
        let result: Result<CommandResult, any Error> = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Result { try CommandResult.run("python3", arguments) }) }.start()
        }
        let done = try result.get()
        guard done.status == 0 else {
            throw ChildProcessError("python3 \(arguments.dropFirst().first ?? ""): exit \(done.status): \(done.stderr)")
        }
        return done.stdout
    }

    /// The fixture script (boto3): `setup ENDPOINT`, `standby|detach|terminate ENDPOINT KEY SECRET GROUP ID`.
    static let script = #"""
        """The tests' moto_server fixture: `setup ENDPOINT` creates an IAM user with an access key (the
        only calls made before signature checks start), then with that key a launch template and an
        autoscaling group of 3 instances; prints JSON {access_key_id, secret_access_key, group,
        instances: [{id, private_ip}]}. `standby|detach|terminate ENDPOINT KEY SECRET GROUP ID` takes one
        instance out of service.
        """
        import json, sys
        import boto3

        REGION = "us-east-1"


        def client(service, endpoint, key, secret):
            return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                                aws_access_key_id=key, aws_secret_access_key=secret)


        def setup(endpoint):
            iam = client("iam", endpoint, "AKIAIOSFODNN7EXAMPLE", "bootstrap")
            iam.create_user(UserName="isofleet-node")
            iam.put_user_policy(UserName="isofleet-node", PolicyName="all", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="isofleet-node")["AccessKey"]
            kid, secret = key["AccessKeyId"], key["SecretAccessKey"]
            ec2 = client("ec2", endpoint, kid, secret)
            asg = client("autoscaling", endpoint, kid, secret)
            image = "ami-12c6146b"  # moto does not validate AMI ids by default; describe_images costs seconds
            ec2.create_launch_template(LaunchTemplateName="isofleet",
                                       LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"})
            asg.create_auto_scaling_group(AutoScalingGroupName="isofleet-fleet",
                                          LaunchTemplate={"LaunchTemplateName": "isofleet", "Version": "$Latest"},
                                          MinSize=0, MaxSize=5, DesiredCapacity=3,
                                          AvailabilityZones=[REGION + "a"])
            group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["isofleet-fleet"])["AutoScalingGroups"][0]
            ids = [i["InstanceId"] for i in group["Instances"]]
            described = ec2.describe_instances(InstanceIds=ids)
            instances = [{"id": i["InstanceId"], "private_ip": i["PrivateIpAddress"]}
                         for r in described["Reservations"] for i in r["Instances"]]
            print(json.dumps({"access_key_id": kid, "secret_access_key": secret, "group": "isofleet-fleet",
                              "instances": sorted(instances, key=lambda i: i["id"])}))


        def change(verb, endpoint, kid, secret, group, instance):
            asg = client("autoscaling", endpoint, kid, secret)
            if verb == "standby":
                asg.enter_standby(AutoScalingGroupName=group, InstanceIds=[instance], ShouldDecrementDesiredCapacity=True)
            elif verb == "detach":
                asg.detach_instances(AutoScalingGroupName=group, InstanceIds=[instance], ShouldDecrementDesiredCapacity=True)
            elif verb == "terminate":
                asg.terminate_instance_in_auto_scaling_group(InstanceId=instance, ShouldDecrementDesiredCapacity=True)
            else:
                sys.exit("unknown verb " + verb)
            print(json.dumps({"ok": True}))


        if __name__ == "__main__":
            if sys.argv[1] == "setup":
                setup(sys.argv[2])
            else:
                change(*sys.argv[1:7])
        """#
}
