import Common
import Digest
import Fetch
import Foundation
import Synchronization
import TestSupport
import Testing

/// ``S3Bucket`` against moto_server with signature checking on (and one non-verifying moto for a
/// listing with `/` in the prefix, which a verifying moto mis-checks).
@Suite(.timeLimit(.minutes(3)))
struct S3BucketTests {
    static let bucket = "isofleet-images"

    static func store(
        _ moto: MotoS3, root: String = "s3://\(bucket)/", environment: [String: String]? = nil
    )
        throws(FetchError) -> S3Bucket
    {
        let chain = S3CredentialChain(environment: environment ?? moto.environment, instanceMetadata: nil)
        return try S3Bucket(
            root: try RemoteLocation(parsing: root),
            settings: S3Settings(region: "us-east-1", endpoint: moto.endpoint, credentials: chain),
            fetch: FetchFixture.settings())
    }

    @Test func listsMoreThanAThousandKeysAcrossPages() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-list")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        try await moto.putMany(bucket: Self.bucket, prefix: "image-", count: 1_205)

        let entries = try await OffPool.run("test-list") { () throws(FetchError) in try Self.store(moto).listFiles() }
        #expect(entries.count == 1_205)
        #expect(entries.first == RemoteEntry(path: "image-0000", size: 0))
        #expect(entries.last == RemoteEntry(path: "image-1204", size: Int64(1204 % 7)))
        #expect(Set(entries.map(\.path)).count == 1_205)
    }

    @Test func listsBelowAPrefixWithSlashes() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-prefix")
        let moto = try await MotoS3.start(in: directory, verifySignatures: false, buckets: [Self.bucket])
        let file = directory.appending("small")
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        for key in ["linux/a.iso", "linux/sub/b.iso", "linux/", "linuxish.iso", "other/c.iso"] {
            try await moto.put(bucket: Self.bucket, key: key, file: file)
        }
        let entries = try await OffPool.run("test-list") { () throws(FetchError) in
            try Self.store(moto, root: "s3://\(Self.bucket)/linux/").listFiles()
        }
        #expect(entries == [RemoteEntry(path: "a.iso", size: 3), RemoteEntry(path: "sub/b.iso", size: 3)])
    }

    @Test func multipartUploadKeepsTheSHA256AndAppearsWhole() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-multipart")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        // Five parts: more than S3Upload.partsInFlight, so a sending thread takes a second part.
        let data = ImageGenerator.bytes(seed: 7, size: 36 << 20 + 12_345)
        let file = directory.appending("big.iso")
        try data.write(to: URL(fileURLWithPath: file))
        let sha256 = SHA256.hex(of: data)
        let store = try Self.store(moto)
        let sent = Counter()

        try await OffPool.run("test-upload") { () throws(FetchError) in
            try store.upload(from: file, to: "big.iso", sha256: sha256) { bytes in
                sent.record(bytes)
                return true
            }
        }
        let head = try await moto.head(bucket: Self.bucket, key: "big.iso")
        #expect(head.etag.hasSuffix("-5\""), "ETag \(head.etag)")
        #expect(head.size == Int64(data.count))
        #expect(head.metadata["sha256"] == sha256)
        #expect(sent.last == Int64(data.count))
        #expect(!sent.wentBack, "progress is the total of the parts in flight, never smaller than before")
        let copy = try await OffPool.run("test-read") { () throws(FetchError) -> Data in
            let reader = try store.openForReading("big.iso")
            var copy = Data()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 3 << 20, alignment: 16)
            defer { buffer.deallocate() }
            while Int64(copy.count) < reader.size {
                let count = try reader.read(at: Int64(copy.count), into: buffer)
                guard count > 0 else { break }
                copy.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            return copy
        }
        #expect(copy == data)
        #expect(try await moto.multipartUploads(bucket: Self.bucket).isEmpty)
    }

    @Test func cancelledMultipartUploadLeavesNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-cancel")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        let file = directory.appending("big.iso")
        try ImageGenerator.bytes(seed: 8, size: 20 << 20).write(to: URL(fileURLWithPath: file))
        let store = try Self.store(moto)

        let error = await #expect(throws: FetchError.self) {
            try await OffPool.run("test-upload") { () throws(FetchError) in
                try store.upload(from: file, to: "big.iso", sha256: String(repeating: "0", count: 64)) { $0 < 9 << 20 }
            }
        }
        #expect(error?.code == .cancelled)
        #expect(try await OffPool.run("test-size") { () throws(FetchError) in try store.size(of: "big.iso") } == nil)
        #expect(try await moto.multipartUploads(bucket: Self.bucket).isEmpty)
    }

    @Test func smallFilesRoundTripAndRemoveIsIdempotent() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-small")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        // The bucket's root: a verifying moto mis-checks a listing prefix with '/' (storage notes).
        let store = try Self.store(moto)
        let inventory = Data(#"{"images":[]}"#.utf8)
        let file = directory.appending("small.iso")
        try Data("tiny image".utf8).write(to: URL(fileURLWithPath: file))

        try await OffPool.run("test-small") { () throws(FetchError) in
            try store.writeSmallFile("inventory.json", inventory)
            #expect(try store.readSmallFile("inventory.json", maxBytes: 1000) == inventory)
            #expect(try store.readSmallFile("absent.json", maxBytes: 1000) == nil)
            #expect(throws: FetchError.self) { try store.readSmallFile("inventory.json", maxBytes: 4) }
            try store.upload(from: file, to: "small.iso", sha256: String(repeating: "a", count: 64)) { _ in true }
            #expect(try store.size(of: "small.iso") == 10)
            #expect(try store.listFiles().map(\.path) == ["inventory.json", "small.iso"])
            try store.remove("small.iso")
            try store.remove("small.iso")
            #expect(try store.size(of: "small.iso") == nil)
        }
        let head = try await moto.head(bucket: Self.bucket, key: "inventory.json")
        #expect(head.size == Int64(inventory.count))
    }

    @Test func wrongCredentialsNameTheBucketAndS3sCode() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-denied")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        let wrongSecret = try Self.store(
            moto, environment: ["AWS_ACCESS_KEY_ID": moto.key.access_key_id, "AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        let unknownKey = try Self.store(
            moto, environment: ["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000", "AWS_SECRET_ACCESS_KEY": "whatever"])

        for (store, code) in [(wrongSecret, "SignatureDoesNotMatch"), (unknownKey, "InvalidAccessKeyId")] {
            let error = await #expect(throws: FetchError.self) {
                try await OffPool.run("test-denied") { () throws(FetchError) in _ = try store.listFiles() }
            }
            #expect(error?.code == .accessDenied)
            #expect(error?.message.contains("bucket \(Self.bucket)") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(code) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("not-the-secret") == false)
        }
    }

    @Test func missingKeyAndMissingBucketAreNamed() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-missing")
        let moto = try await MotoS3.start(in: directory, buckets: [Self.bucket])
        let store = try Self.store(moto)
        let missingKey = await #expect(throws: FetchError.self) {
            try await OffPool.run("test-missing") { () throws(FetchError) in _ = try store.openForReading("nope.iso") }
        }
        #expect(missingKey?.code == .notFound)
        #expect(
            missingKey?.message.contains("no such key nope.iso in bucket \(Self.bucket)") == true,
            "\(missingKey?.message ?? "")")

        let noBucket = try Self.store(moto, root: "s3://isofleet-absent/")
        let missingBucket = await #expect(throws: FetchError.self) {
            try await OffPool.run("test-missing") { () throws(FetchError) in _ = try noBucket.listFiles() }
        }
        #expect(missingBucket?.code == .notFound)
        #expect(
            missingBucket?.message.contains("no such bucket isofleet-absent") == true, "\(missingBucket?.message ?? "")"
        )
        #expect(throws: FetchError.self) { _ = try Self.store(moto, root: "s3://ab/") }
    }
}

/// The last value a callback reported, from any thread.
final class Counter: Sendable {
    private let state = Mutex<(last: Int64?, wentBack: Bool)>((nil, false))
    func record(_ bytes: Int64) {
        state.withLock { state in
            if let last = state.last, bytes < last { state.wentBack = true }
            state.last = bytes
        }
    }
    var last: Int64? { state.withLock { $0.last } }
    /// True when a report was smaller than the one before it.
    var wentBack: Bool { state.withLock { $0.wentBack } }
}
