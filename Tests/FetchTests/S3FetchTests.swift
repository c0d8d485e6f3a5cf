import Common
import Digest
import Fetch
import Foundation
import Synchronization
import TestSupport
import Testing

/// ``ImageFetcher`` and ``RangeReader`` on `s3://` mirrors, against moto_server with signature
/// checking on: one signed GET through libcurl, resumed with a range after an interruption,
/// clear errors for a wrong secret and a missing key, and a corrupt object refused.
@Suite(.timeLimit(.minutes(3)))
struct S3FetchTests {
    static let bucket = "isofleet-origin"

    /// moto with `bucket` holding `name` = `data`.
    static func moto(_ directory: TemporaryDirectory, holding objects: [String: Data]) async throws -> MotoS3 {
        let moto = try await MotoS3.start(in: directory, buckets: [bucket])
        for (name, data) in objects {
            let file = directory.appending("upload-\(name)")
            try data.write(to: URL(fileURLWithPath: file))
            try await moto.put(bucket: bucket, key: name, file: file)
            try FileManager.default.removeItem(atPath: file)
        }
        return moto
    }

    static func access(_ moto: MotoS3, environment: [String: String]? = nil) -> RemoteAccess {
        RemoteAccess(
            s3: S3Settings(
                endpoint: moto.endpoint,
                credentials: S3CredentialChain(environment: environment ?? moto.environment, instanceMetadata: nil)))
    }

    static func fetcher(
        _ moto: MotoS3, settings: FetchSettings = FetchFixture.settings(), environment: [String: String]? = nil
    )
        -> ImageFetcher
    {
        ImageFetcher(settings: settings, remote: access(moto, environment: environment), random: { 0.5 })
    }

    static func url(_ key: String) -> URL { URL(string: "s3://\(bucket)/\(key)")! }

    @Test func fetchResumesAfterAnInterruptionWithARangedGet() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-resume")
        let data = ImageGenerator.bytes(seed: 21, size: 96 << 20)
        let sha256 = SHA256.hex(of: data)
        let moto = try await Self.moto(directory, holding: ["ubuntu.iso": data])
        var settings = FetchFixture.settings()
        settings.progressInterval = .milliseconds(5)
        let fetcher = Self.fetcher(moto, settings: settings)
        let request = FetchRequest(
            mirrors: [Self.url("ubuntu.iso")], destination: directory.appending("incomplete/ubuntu.iso.part"),
            expectedSize: Int64(data.count), expectedSHA256: sha256)

        // Cancel the first fetch once some bytes have arrived (from its own progress callback).
        let stop = CancelBox()
        let first = Task {
            try await fetcher.fetch(request) { progress in
                if progress.bytesDone >= 8 << 20 { stop.fire() }
            }
        }
        stop.set { first.cancel() }
        let error = try #require(await first.result.failure(as: FetchError.self))
        #expect(error.code == .cancelled, "\(error)")
        let kept = try #require(contents(request.destination))
        #expect(kept.count >= 8 << 20 && kept.count < data.count, "kept \(kept.count) bytes")
        #expect(kept == data.prefixData(kept.count))

        let result = try await fetcher.fetch(request)
        #expect(result.sha256 == sha256 && result.verified)
        #expect(result.resumedFromBytes == Int64(kept.count))
        #expect(result.bytesReceived == Int64(data.count - kept.count))
        #expect(result.mirror == Self.url("ubuntu.iso"))
        #expect(contents(request.destination) == data)
    }

    @Test func wrongSecretFailsOnceWithTheBucketNamed() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-secret")
        let moto = try await Self.moto(directory, holding: ["a.iso": Data(repeating: 1, count: 1000)])
        let fetcher = Self.fetcher(
            moto, environment: ["AWS_ACCESS_KEY_ID": moto.key.access_key_id, "AWS_SECRET_ACCESS_KEY": "wrong-secret"])
        let error = await fetchError {
            try await fetcher.fetch(
                FetchRequest(mirrors: [Self.url("a.iso")], destination: directory.appending("a.part")))
        }
        let failure = try #require(error?.failures.first)
        #expect(error?.failures.count == 1, "a 403 is not retried: \(error?.description ?? "")")
        #expect(failure.code == .accessDenied)
        #expect(failure.message.contains("s3://\(Self.bucket)/a.iso"), "\(failure.message)")
        #expect(failure.message.contains("bucket \(Self.bucket)") && failure.message.contains("SignatureDoesNotMatch"))
        #expect(!failure.message.contains("wrong-secret"))
        #expect(contents(directory.appending("a.part")) == nil)
    }

    @Test func missingKeyIsNamedAndTheNextMirrorServes() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-missing")
        let data = ImageGenerator.bytes(seed: 3, size: 300_000)
        let moto = try await Self.moto(directory, holding: ["present.iso": data])
        let result = try await Self.fetcher(moto).fetch(
            FetchRequest(
                mirrors: [Self.url("absent.iso"), Self.url("present.iso")], destination: directory.appending("p.part"),
                expectedSize: Int64(data.count), expectedSHA256: SHA256.hex(of: data)))
        #expect(result.mirror == Self.url("present.iso"))
        let failure = try #require(result.failures.first)
        #expect(result.failures.count == 1)
        #expect(failure.code == .notFound)
        #expect(failure.message.contains("no such key absent.iso in bucket \(Self.bucket)"), "\(failure.message)")
    }

    @Test func corruptObjectIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-corrupt")
        let good = ImageGenerator.bytes(seed: 4, size: 2 << 20)
        var bad = good
        bad[1_000_000] ^= 0xFF
        let moto = try await Self.moto(directory, holding: ["image.iso": bad])
        let destination = directory.appending("image.part")
        let error = await fetchError {
            try await Self.fetcher(moto).fetch(
                FetchRequest(
                    mirrors: [Self.url("image.iso")], destination: destination, expectedSize: Int64(good.count),
                    expectedSHA256: SHA256.hex(of: good)))
        }
        #expect(error?.code == .allMirrorsFailed)
        #expect(error?.failures.map(\.code) == [.checksumMismatch], "\(error?.description ?? "no error")")
        #expect((contents(destination) ?? Data()).isEmpty)
    }

    @Test func rangeReaderReadsSignedRanges() async throws {
        let directory = try TemporaryDirectory(prefix: "s3-range")
        let data = ImageGenerator.bytes(seed: 5, size: 5 << 20)
        let moto = try await Self.moto(directory, holding: ["piece.iso": data])
        let reader = RangeReader(settings: FetchFixture.settings(), remote: Self.access(moto))
        #expect(try await reader.read(Self.url("piece.iso"), range: 1_000...1_999) == data.subdata(in: 1_000..<2_000))
        #expect(
            try await reader.read(Self.url("piece.iso"), range: (4 << 20)...Int64(data.count - 1))
                == data.subdata(in: (4 << 20)..<data.count))
        let error = await fetchError { try await reader.read(Self.url("gone.iso"), range: 0...9) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("gone.iso") == true)
    }
}

/// Runs an action once, set after it may already have been asked for.
final class CancelBox: Sendable {
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    func fire() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            defer { state.fired = true }
            return state.fired ? nil : state.action
        }
        action?()
    }

    func set(_ action: @escaping @Sendable () -> Void) {
        let fired = state.withLock { state -> Bool in
            state.action = action
            return state.fired
        }
        if fired { action() }
    }
}
