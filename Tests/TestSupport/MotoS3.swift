public import Foundation

/// S3 on a ``MotoServer`` for the tests: ``start(in:verifySignatures:buckets:)`` starts moto,
/// spends its three unauthenticated calls creating an IAM user with an allow-all policy and an
/// access key (so every later request must be signed with that key), then creates `buckets`
/// with it. The other methods look at and change the buckets through boto3, beside the code under
/// test. Keep the value alive for as long as the server is used.
public final class MotoS3: Sendable {
    /// An access key of the IAM user.
    public struct Key: Sendable, Decodable, Hashable {
        public let access_key_id: String
        public let secret_access_key: String

        public init(access_key_id: String, secret_access_key: String) {
            self.access_key_id = access_key_id
            self.secret_access_key = secret_access_key
        }
    }

    /// What `head` saw of an object.
    public struct Head: Sendable, Decodable {
        public let etag: String
        public let size: Int64
        /// `x-amz-meta-*` without the prefix.
        public let metadata: [String: String]
    }

    public let server: MotoServer
    /// The key every request may sign with.
    public let key: Key
    private let scriptPath: String

    /// `http://127.0.0.1:PORT/`.
    public var endpoint: URL { server.endpoint }
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` with ``key``.
    public var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": key.access_key_id, "AWS_SECRET_ACCESS_KEY": key.secret_access_key]
    }

    private init(server: MotoServer, key: Key, scriptPath: String) {
        self.server = server
        self.key = key
        self.scriptPath = scriptPath
    }

    /// Starts moto in `directory` and creates the IAM key and `buckets` (names of 3–63 characters).
    public static func start(
        in directory: TemporaryDirectory, verifySignatures: Bool = true, buckets: [String]
    ) async throws -> MotoS3 {
        let server = try await MotoServer.start(in: directory, verifySignatures: verifySignatures)
        let scriptPath = directory.appending("moto_s3_fixture.py")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let output = try await python([scriptPath, "setup", server.endpoint.absoluteString] + buckets)
        let key = try JSONDecoder().decode(Key.self, from: Data(output.utf8))
        return MotoS3(server: server, key: key, scriptPath: scriptPath)
    }

    /// Puts `count` small objects named `prefix0000`, `prefix0001`, … into `bucket`.
    public func putMany(bucket: String, prefix: String, count: Int) async throws {
        _ = try await run(["put-many", bucket, prefix, "\(count)"])
    }

    /// Puts the local file `path` as `key` in one PUT (no metadata).
    public func put(bucket: String, key: String, file path: String) async throws {
        _ = try await run(["put", bucket, key, path])
    }

    /// The object's ETag, size and metadata.
    public func head(bucket: String, key: String) async throws -> Head {
        try JSONDecoder().decode(Head.self, from: Data(try await run(["head", bucket, key]).utf8))
    }

    /// The multipart uploads in progress in `bucket` (their keys).
    public func multipartUploads(bucket: String) async throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(try await run(["uploads", bucket]).utf8))
    }

    /// An access key of a new IAM user with the same allow-all policy.
    public func createKey() async throws -> Key {
        try JSONDecoder().decode(Key.self, from: Data(try await run(["create-key"]).utf8))
    }

    /// Deletes the access key `id` (signed with ``key``): S3 then answers `InvalidAccessKeyId` to it.
    public func deleteKey(_ id: String) async throws {
        _ = try await run(["delete-key", id])
    }

    private func run(_ arguments: [String]) async throws -> String {
        guard let command = arguments.first else { return "" }
        return try await Self.python(
            [scriptPath, command, endpoint.absoluteString, key.access_key_id, key.secret_access_key]
                + arguments.dropFirst())
    }

    /// Runs python3 on its own thread (boto3 blocks); its stdout, or throws with stderr.
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

    static let script = #"""
        """The tests' S3 fixture on moto (boto3). `setup ENDPOINT BUCKET...` creates an IAM user, its
        allow-all policy and an access key (the three calls a verifying moto lets through unsigned),
        then the buckets with that key; prints {access_key_id, secret_access_key}. The other commands
        take ENDPOINT KEY SECRET first: put-many BUCKET PREFIX COUNT, put BUCKET KEY FILE,
        head BUCKET KEY, uploads BUCKET, create-key, delete-key ID.
        """
        import json, sys
        from concurrent.futures import ThreadPoolExecutor
        import boto3
        from botocore.config import Config

        REGION = "us-east-1"


        def client(service, endpoint, key, secret):
            return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                                aws_secret_access_key=secret, config=Config(max_pool_connections=16))


        def setup(endpoint, buckets):
            iam = client("iam", endpoint, "AKIAIOSFODNN7EXAMPLE", "bootstrap")
            iam.create_user(UserName="isofleet-s3")
            iam.put_user_policy(UserName="isofleet-s3", PolicyName="all", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="isofleet-s3")["AccessKey"]
            s3 = client("s3", endpoint, key["AccessKeyId"], key["SecretAccessKey"])
            for bucket in buckets:
                s3.create_bucket(Bucket=bucket)
            print(json.dumps({"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}))


        def main():
            command, endpoint = sys.argv[1], sys.argv[2]
            if command == "setup":
                return setup(endpoint, sys.argv[3:])
            kid, secret, args = sys.argv[3], sys.argv[4], sys.argv[5:]
            s3 = client("s3", endpoint, kid, secret)
            if command == "put-many":
                bucket, prefix, count = args[0], args[1], int(args[2])
                with ThreadPoolExecutor(8) as pool:
                    list(pool.map(lambda i: s3.put_object(Bucket=bucket, Key="%s%04d" % (prefix, i), Body=b"x" * (i % 7)),
                                  range(count)))
                print("{}")
            elif command == "put":
                with open(args[2], "rb") as f:
                    s3.put_object(Bucket=args[0], Key=args[1], Body=f.read())
                print("{}")
            elif command == "head":
                head = s3.head_object(Bucket=args[0], Key=args[1])
                print(json.dumps({"etag": head["ETag"], "size": head["ContentLength"], "metadata": head.get("Metadata", {})}))
            elif command == "uploads":
                found = s3.list_multipart_uploads(Bucket=args[0]).get("Uploads", [])
                print(json.dumps([u["Key"] for u in found]))
            elif command == "create-key":
                # A user of its own each time: moto allows 2 keys per user, as IAM does.
                iam = client("iam", endpoint, kid, secret)
                user = "isofleet-s3-" + str(len(iam.list_users()["Users"]))
                iam.create_user(UserName=user)
                iam.put_user_policy(UserName=user, PolicyName="all", PolicyDocument=json.dumps({
                    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
                key = iam.create_access_key(UserName=user)["AccessKey"]
                print(json.dumps({"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}))
            elif command == "delete-key":
                iam = client("iam", endpoint, kid, secret)
                user = iam.get_access_key_last_used(AccessKeyId=args[0])["UserName"]
                iam.delete_access_key(UserName=user, AccessKeyId=args[0])
                print("{}")
            else:
                sys.exit("unknown command " + command)


        main()
        """#
}
