public import Foundation

/// The tests' own Auto Scaling + EC2 query endpoint (moto 5.2.1 answers 500 for the lifecycle
/// actions): a python server on a free loopback port answering `DescribeAutoScalingInstances`,
/// `DescribeAutoScalingGroups`, `DescribeInstances`, `RecordLifecycleActionHeartbeat` and
/// `CompleteLifecycleAction` for one group, refusing (403) any request whose `Authorization`
/// header is not SigV4-shaped for the action's service, and logging every request.
public final class FakeAutoScaling: Sendable {
    /// One group member.
    public struct Member: Sendable, Encodable {
        public var instance_id: String
        public var private_ip: String
        public var lifecycle_state: String

        public init(instanceID: String, privateIP: String, lifecycleState: String = "InService") {
            instance_id = instanceID
            private_ip = privateIP
            lifecycle_state = lifecycleState
        }
    }

    /// One request the fake answered.
    public struct Request: Sendable, Decodable, Equatable {
        /// The form's `Action`.
        public let action: String
        /// Every form field.
        public let form: [String: String]
        /// The service named in the credential scope (`autoscaling`, `ec2`), nil when unsigned.
        public let service: String?
        /// Whether the `Authorization` header had the SigV4 shape for the action's service, with
        /// `X-Amz-Date` sent.
        public let signed: Bool
        public let status: Int
    }

    public let port: UInt16
    private let logPath: String
    private let process: ChildProcess

    /// `http://127.0.0.1:PORT/`.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    private init(port: UInt16, logPath: String, process: ChildProcess) {
        self.port = port
        self.logPath = logPath
        self.process = process
    }

    /// Starts the fake with the group `group` holding `members`; files go in `directory`.
    public static func start(
        group: String, members: [Member], in directory: TemporaryDirectory
    ) async throws -> FakeAutoScaling {
        struct Config: Encodable {
            let group: String
            let members: [Member]
        }
        var logPath = ""
        let (port, process) = try await FakeServerLauncher.start(script, fileName: "fake_autoscaling.py", in: directory)
        { port in
            let configPath = directory.appending("autoscaling-\(port).json")
            logPath = directory.appending("autoscaling-\(port).jsonl")
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            try JSONEncoder().encode(Config(group: group, members: members)).write(to: URL(fileURLWithPath: configPath))
            return ["--config", configPath, "--log", logPath]
        }
        return FakeAutoScaling(port: port, logPath: logPath, process: process)
    }

    /// Every request answered so far, in order.
    public func requests() -> [Request] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    static let script = #"""
        """The tests' fake Auto Scaling + EC2 query API for one group (see FakeAutoScaling.swift)."""
        import argparse, json, re, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        parser = argparse.ArgumentParser()
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--config", required=True)
        parser.add_argument("--log", required=True)
        args = parser.parse_args()
        with open(args.config) as f:
            config = json.load(f)
        GROUP = config["group"]
        MEMBERS = config["members"]
        AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+/\d{8}/[a-z0-9-]+/([a-z0-9]+)/aws4_request, "
                          r"SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$")
        AS = "http://autoscaling.amazonaws.com/doc/2011-01-01/"


        def member(instance_id):
            return next((m for m in MEMBERS if m["instance_id"] == instance_id), None)


        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                action = form.get("Action", "")
                match = AUTH.match(self.headers.get("Authorization") or "")
                service = match.group(1) if match else None
                wanted = "ec2" if action == "DescribeInstances" else "autoscaling"
                signed = service == wanted and self.headers.get("X-Amz-Date") is not None
                if not signed:
                    status, body = 403, error("SignatureDoesNotMatch", "not a SigV4 request for " + wanted)
                else:
                    status, body = self.answer(action, form)
                with open(args.log, "a") as log:
                    log.write(json.dumps({"action": action, "form": form, "service": service, "signed": signed,
                                          "status": status}) + "\n")
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def answer(self, action, form):
                if action == "DescribeAutoScalingInstances":
                    m = member(form.get("InstanceIds.member.1"))
                    items = "" if m is None else (
                        f"<member><InstanceId>{m['instance_id']}</InstanceId><AutoScalingGroupName>{GROUP}"
                        f"</AutoScalingGroupName><LifecycleState>{m['lifecycle_state']}</LifecycleState></member>")
                    return 200, (f'<DescribeAutoScalingInstancesResponse xmlns="{AS}"><DescribeAutoScalingInstancesResult>'
                                 f"<AutoScalingInstances>{items}</AutoScalingInstances></DescribeAutoScalingInstancesResult>"
                                 "</DescribeAutoScalingInstancesResponse>")
                if action == "DescribeAutoScalingGroups":
                    items = "".join(f"<member><InstanceId>{m['instance_id']}</InstanceId><LifecycleState>"
                                    f"{m['lifecycle_state']}</LifecycleState></member>" for m in MEMBERS)
                    return 200, (f'<DescribeAutoScalingGroupsResponse xmlns="{AS}"><DescribeAutoScalingGroupsResult>'
                                 f"<AutoScalingGroups><member><AutoScalingGroupName>{GROUP}</AutoScalingGroupName>"
                                 f"<Instances>{items}</Instances></member></AutoScalingGroups>"
                                 "</DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>")
                if action == "DescribeInstances":
                    ids = [v for k, v in form.items() if k.startswith("InstanceId.")]
                    items = "".join(f"<item><instanceId>{m['instance_id']}</instanceId><privateIpAddress>"
                                    f"{m['private_ip']}</privateIpAddress></item>" for m in MEMBERS if m["instance_id"] in ids)
                    return 200, ('<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                                 f"<reservationSet><item><instancesSet>{items}</instancesSet></item></reservationSet>"
                                 "</DescribeInstancesResponse>")
                if action in ("RecordLifecycleActionHeartbeat", "CompleteLifecycleAction"):
                    if form.get("AutoScalingGroupName") != GROUP or member(form.get("InstanceId")) is None:
                        return 400, error("ValidationError", "No active Lifecycle Action found")
                    if action == "CompleteLifecycleAction" and form.get("LifecycleActionResult") not in ("CONTINUE", "ABANDON"):
                        return 400, error("ValidationError", "bad LifecycleActionResult")
                    return 200, (f'<{action}Response xmlns="{AS}"><{action}Result/>'
                                 f"<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>")
                return 400, error("InvalidAction", action)


        def error(code, message):
            return (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
                    "</ErrorResponse>")


        ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
        """#
}
