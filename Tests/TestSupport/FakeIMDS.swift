public import Foundation

/// The tests' own IMDSv2 (the python server embedded below) on a free loopback port: a token
/// only from `PUT /latest/api/token` with a valid `X-aws-ec2-metadata-token-ttl-seconds`, every
/// GET without a live token refused with 401, like the real service. It serves the values of a
/// JSON file re-read on each request (update(_:) changes them) and logs every request.
public final class FakeIMDS: Sendable {
    /// What the instance looks like.
    public struct Instance: Sendable, Encodable {
        public var instance_id: String
        public var local_ipv4: String
        public var region: String
        public var role: String?
        /// `AccessKeyId`, `SecretAccessKey`, optionally `Token` and `Expiration` (ISO 8601, default 2099).
        public var credentials: [String: String]?
        public var target_lifecycle_state: String?

        public init(
            instanceID: String, localIPv4: String, region: String, role: String? = nil,
            credentials: [String: String]? = nil, targetLifecycleState: String? = nil
        ) {
            instance_id = instanceID
            local_ipv4 = localIPv4
            self.region = region
            self.role = role
            self.credentials = credentials
            target_lifecycle_state = targetLifecycleState
        }
    }

    /// One request the fake answered.
    public struct Request: Sendable, Decodable, Equatable {
        public let method: String
        public let path: String
        public let status: Int
        /// The `X-aws-ec2-metadata-token-ttl-seconds` header, when sent.
        public let ttl: String?
        /// Whether `X-aws-ec2-metadata-token` was sent.
        public let token: Bool
    }

    public let port: UInt16
    private let configPath: String
    private let logPath: String
    private let process: ChildProcess

    /// `http://127.0.0.1:PORT`.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: UInt16, configPath: String, logPath: String, process: ChildProcess) {
        self.port = port
        self.configPath = configPath
        self.logPath = logPath
        self.process = process
    }

    /// Starts the fake serving `instance`; files go in `directory`.
    public static func start(_ instance: Instance, in directory: TemporaryDirectory) async throws -> FakeIMDS {
        var paths: (config: String, log: String) = ("", "")
        let (port, process) = try await FakeServerLauncher.start(script, fileName: "fake_imds.py", in: directory) {
            port in
            paths = (directory.appending("imds-\(port).json"), directory.appending("imds-\(port).jsonl"))
            _ = FileManager.default.createFile(atPath: paths.log, contents: nil)
            try JSONEncoder().encode(instance).write(to: URL(fileURLWithPath: paths.config))
            return ["--config", paths.config, "--log", paths.log]
        }
        return FakeIMDS(port: port, configPath: paths.config, logPath: paths.log, process: process)
    }

    /// Serves `instance` from the next request on.
    public func update(_ instance: Instance) throws {
        try JSONEncoder().encode(instance).write(to: URL(fileURLWithPath: configPath), options: .atomic)
    }

    /// Every request answered so far, in order.
    public func requests() -> [Request] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    static let script = #"""
        """The tests' fake IMDSv2: PUT /latest/api/token (TTL header required), GETs need the token.

        Serves what --config (JSON, re-read on every request) holds: instance_id, local_ipv4, region,
        role, credentials {AccessKeyId, SecretAccessKey, Token}, target_lifecycle_state. Logs one JSON
        line per request to --log: method, path, status, ttl header, token header present.
        """
        import argparse, json, secrets, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        parser = argparse.ArgumentParser()
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--config", required=True)
        parser.add_argument("--log", required=True)
        args = parser.parse_args()
        tokens = {}


        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def answer(self, status, body=b"", ctype="text/plain"):
                with open(args.log, "a") as log:
                    log.write(json.dumps({
                        "method": self.command, "path": self.path, "status": status,
                        "ttl": self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"),
                        "token": self.headers.get("X-aws-ec2-metadata-token") is not None}) + "\n")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                if self.path != "/latest/api/token":
                    return self.answer(404)
                ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
                if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                    return self.answer(400)
                token = secrets.token_urlsafe(24)
                tokens[token] = time.time() + int(ttl)
                self.answer(200, token.encode())

            def do_GET(self):
                token = self.headers.get("X-aws-ec2-metadata-token")
                if token is None or tokens.get(token, 0) < time.time():
                    return self.answer(401)
                with open(args.config) as f:
                    config = json.load(f)
                prefix = "/latest/meta-data/"
                if not self.path.startswith(prefix):
                    return self.answer(404)
                path = self.path[len(prefix):]
                role = config.get("role")
                values = {
                    "instance-id": config.get("instance_id"),
                    "local-ipv4": config.get("local_ipv4"),
                    "placement/region": config.get("region"),
                    "autoscaling/target-lifecycle-state": config.get("target_lifecycle_state"),
                    "iam/security-credentials/": role,
                }
                if role:
                    creds = {"Code": "Success", "Type": "AWS-HMAC", "Expiration": "2099-01-01T00:00:00Z"}
                    creds.update(config.get("credentials") or {})  # an Expiration given wins
                    values["iam/security-credentials/" + role] = json.dumps(creds)
                value = values.get(path)
                if value is None:
                    return self.answer(404)
                self.answer(200, value.encode())


        ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
        """#
}
