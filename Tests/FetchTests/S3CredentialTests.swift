import Common
import Fetch
import Foundation
import TestSupport
import Testing

/// ``S3CredentialChain``: the environment first, then the instance role through IMDSv2 (a fake
/// IMDS of the tests' own, serving keys moto knows), read again before `Expiration` and after S3
/// rejects a key, then anonymous.
@Suite(.timeLimit(.minutes(3)))
struct S3CredentialTests {
    static let bucket = "isofleet-role"

    static func instance(_ key: MotoS3.Key, expiration: Date? = nil) -> FakeIMDS.Instance {
        var credentials = ["AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret_access_key]
        if let expiration { credentials["Expiration"] = expiration.formatted(.iso8601) }
        return FakeIMDS.Instance(
            instanceID: "i-0123456789abcdef0", localIPv4: "10.0.0.5", region: "us-east-1", role: "isofleet-node",
            credentials: credentials)
    }

    static func store(_ moto: MotoS3, chain: S3CredentialChain) throws(FetchError) -> S3Bucket {
        try S3Bucket(
            root: try RemoteLocation(parsing: "s3://\(bucket)/"),
            settings: S3Settings(endpoint: moto.endpoint, credentials: chain), fetch: FetchFixture.settings())
    }

    /// How many times the role's credentials document was read.
    static func credentialReads(_ imds: FakeIMDS) -> Int {
        imds.requests().filter { $0.path == "/latest/meta-data/iam/security-credentials/isofleet-node" }.count
    }

    static func list(_ store: S3Bucket) async throws -> [RemoteEntry] {
        try await OffPool.run("test-list") { () throws(FetchError) in try store.listFiles() }
    }

    @Test func environmentComesBeforeTheInstanceRole() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-env")
        let imds = try await FakeIMDS.start(
            Self.instance(MotoS3.Key(access_key_id: "AKIAROLE", secret_access_key: "role")), in: directory)
        defer { withExtendedLifetime(imds) {} }
        let chain = S3CredentialChain(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
            ], instanceMetadata: imds.endpoint)
        let credentials = try await OffPool.run("test-chain") { () throws(FetchError) in try chain.current() }
        #expect(
            credentials
                == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(imds.requests().isEmpty)
        #expect(chain.source.contains("environment") && !chain.source.contains("env-secret"))
    }

    @Test func roleCredentialsSignAndAreCachedUntilNearExpiry() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-role")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        let (first, second) = (try await moto.createKey(), try await moto.createKey())
        // Credentials 2 minutes from expiry are inside the 5-minute margin: read again each time.
        let imds = try await FakeIMDS.start(
            Self.instance(first, expiration: Date().addingTimeInterval(120)), in: directory)
        defer { withExtendedLifetime(imds) {} }
        let chain = S3CredentialChain(environment: [:], instanceMetadata: imds.endpoint)
        let store = try Self.store(moto, chain: chain)

        #expect(try await Self.list(store).isEmpty)
        #expect(chain.source == "instance role isofleet-node")
        #expect(Self.credentialReads(imds) == 1)
        // The role's key is rotated: the old one expires and is deleted, IMDS serves the new one.
        try imds.update(Self.instance(second, expiration: Date().addingTimeInterval(6 * 3600)))
        try await moto.deleteKey(first.access_key_id)
        #expect(try await Self.list(store).isEmpty)
        #expect(Self.credentialReads(imds) == 2)
        // Far from expiry: cached.
        #expect(try await Self.list(store).isEmpty)
        #expect(try await Self.list(store).isEmpty)
        #expect(Self.credentialReads(imds) == 2)
        #expect(imds.requests().allSatisfy { $0.method == "PUT" ? $0.ttl != nil : $0.token })
    }

    @Test func aKeyS3RejectsIsReadAgainOnce() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-rejected")
        let data = Data(repeating: 7, count: 100_000)
        let file = directory.appending("image.iso")
        try data.write(to: URL(fileURLWithPath: file))
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        try await moto.put(bucket: Self.bucket, key: "image.iso", file: file)
        let keys = [try await moto.createKey(), try await moto.createKey(), try await moto.createKey()]
        let imds = try await FakeIMDS.start(Self.instance(keys[0]), in: directory)
        defer { withExtendedLifetime(imds) {} }
        let chain = S3CredentialChain(environment: [:], instanceMetadata: imds.endpoint)
        let store = try Self.store(moto, chain: chain)
        #expect(try await Self.list(store).map(\.path) == ["image.iso"])

        // Revoked before its Expiration (2099): S3 answers InvalidAccessKeyId, the chain reads IMDS again.
        try imds.update(Self.instance(keys[1]))
        try await moto.deleteKey(keys[0].access_key_id)
        #expect(try await Self.list(store).map(\.path) == ["image.iso"])
        #expect(Self.credentialReads(imds) == 2)

        // The same through the image fetcher's signed GET.
        try imds.update(Self.instance(keys[2]))
        try await moto.deleteKey(keys[1].access_key_id)
        let fetcher = ImageFetcher(
            settings: FetchFixture.settings(),
            remote: RemoteAccess(s3: S3Settings(endpoint: moto.endpoint, credentials: chain)))
        let result = try await fetcher.fetch(
            FetchRequest(
                mirrors: [URL(string: "s3://\(Self.bucket)/image.iso")!],
                destination: directory.appending("image.part"),
                expectedSize: Int64(data.count)))
        #expect(result.failures.isEmpty && result.attempts == 1)
        #expect(contents(directory.appending("image.part")) == data)
        #expect(Self.credentialReads(imds) == 3)
    }

    @Test func withoutEnvironmentOrRoleRequestsGoUnsigned() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-anonymous")
        let moto = try await MotoS3.start(in: directory, verifySignatures: false, buckets: [Self.bucket])
        let closedPort = try FreePort.next()
        let chain = S3CredentialChain(environment: [:], instanceMetadata: URL(string: "http://127.0.0.1:\(closedPort)"))
        #expect(try await OffPool.run("test-chain") { () throws(FetchError) in try chain.current() } == nil)
        #expect(chain.source.contains("anonymous"))
        #expect(try await Self.list(try Self.store(moto, chain: chain)).isEmpty)
    }
}
