import Digest
import Fetch
import Foundation
import Synchronization
import TestSupport
import Testing

/// `nfs://` sources and mirrors through libnfs 4.0 against a private NFS-Ganesha on loopback:
/// whole-file fetches over v3 and v4 with SHA-256, ranges, resume, listings, v3 uploads (v4 ones
/// refused), export subfolders, missing files and an unreachable server.
@Suite(.timeLimit(.minutes(2)))
struct NFSExportTests {
    /// Writes `size` deterministic bytes to `relative` in the export (folders created).
    private static func seed(
        _ server: GaneshaServer, _ relative: String, size: Int, seed: UInt64 = 7
    ) throws
        -> FetchFixture.Image
    {
        let path = server.localPath(relative)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let data = ImageGenerator.bytes(seed: seed, size: size)
        try data.write(to: URL(fileURLWithPath: path))
        return FetchFixture.Image(name: relative, data: data, sha256: SHA256.hex(of: data))
    }

    private static func store(_ server: GaneshaServer, _ path: String, version: Int) throws -> NFSExport {
        try NFSExport(root: RemoteLocation(parsing: server.url(path, version: version)), fetch: FetchFixture.settings())
    }

    @Test(arguments: [3, 4])
    func fetchesAWholeFileAtTheExportRootWithItsDigest(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let image = try Self.seed(server, "whole.iso", size: (5 << 20) + 123)

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [URL(string: server.url(image.name, version: version))!],
                destination: fixture.incomplete("whole"), expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        #expect(result.verified)
        #expect(contents(fixture.incomplete("whole")) == image.data)
    }

    @Test(arguments: [3, 4])
    func fetchesFromAFolderBelowTheExport(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let image = try Self.seed(server, "sub/deeper/file.iso", size: 300_000)

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [URL(string: server.url(image.name, version: version))!],
                destination: fixture.incomplete("sub"), expectedSHA256: image.sha256))

        #expect(result.sha256 == image.sha256)
        // The store opened at the folder keeps paths relative to it.
        let store = try Self.store(server, "sub/", version: version)
        #expect(try store.size(of: "deeper/file.iso") == image.size)
    }

    @Test(arguments: [3, 4])
    func readsAByteRange(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let image = try Self.seed(server, "range.iso", size: 3 << 20)
        let store = try Self.store(server, "", version: version)

        let reader = try store.openForReading("range.iso")
        #expect(reader.size == image.size)
        var buffer = [UInt8](repeating: 0, count: 100_000)
        let offset = 1_500_000
        let count = try buffer.withUnsafeMutableBytes { try reader.read(at: Int64(offset), into: $0) }
        #expect(count == buffer.count)
        #expect(Data(buffer) == image.data.subdata(in: offset..<offset + count))
        // Past the end: nothing.
        let atEnd = try buffer.withUnsafeMutableBytes { try reader.read(at: image.size, into: $0) }
        #expect(atEnd == 0)
    }

    /// Starts a fetch of `image` and cancels it once 4 MiB have arrived; returns the bytes kept.
    private static func interruptedFetch(
        _ server: GaneshaServer, _ image: FetchFixture.Image, destination: String, version: Int
    ) async throws -> Int {
        var settings = FetchFixture.settings()
        settings.progressInterval = .zero
        let fetcher = ImageFetcher(settings: settings, sleeper: RecordingSleeper())
        let running = Mutex<Task<FetchResult, any Error>?>(nil)
        let task = Task {
            try await fetcher.fetch(
                FetchRequest(
                    mirrors: [URL(string: server.url(image.name, version: version))!], destination: destination,
                    expectedSize: image.size, expectedSHA256: image.sha256)
            ) { progress in
                guard progress.bytesDone >= 4 << 20 else { return }
                // The task handle is stored right after the task starts.
                while running.withLock({ $0 == nil }) { sched_yield() }
                running.withLock { $0?.cancel() }
            }
        }
        running.withLock { $0 = task }
        let error = try #require(await task.result.failure(as: FetchError.self))
        #expect(error.code == .cancelled)
        let kept = try #require(contents(destination))
        #expect(kept.count >= 4 << 20 && kept.count < image.data.count)
        #expect(kept == image.data.prefixData(kept.count))
        return kept.count
    }

    @Test(arguments: [3, 4])
    func resumesAnInterruptedFetch(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let image = try Self.seed(server, "resume.iso", size: 48 << 20)
        let destination = fixture.incomplete("resume")
        let kept = try await Self.interruptedFetch(server, image, destination: destination, version: version)

        let result = try await FetchFixture.fetcher().fetch(
            FetchRequest(
                mirrors: [URL(string: server.url(image.name, version: version))!], destination: destination,
                expectedSize: image.size, expectedSHA256: image.sha256))

        #expect(result.resumed)
        #expect(result.resumedFromBytes == Int64(kept))
        #expect(result.bytesReceived == image.size - Int64(kept))
        #expect(result.sha256 == image.sha256)
        #expect(contents(destination) == image.data)
    }

    @Test func anUnreachableServerFailsClearlyAndKeepsTheBytes() async throws {
        var server: GaneshaServer? = try await GaneshaServer.start()
        let fixture = try FetchFixture()
        let image = try Self.seed(server!, "gone.iso", size: 48 << 20)
        let destination = fixture.incomplete("gone")
        let kept = try await Self.interruptedFetch(server!, image, destination: destination, version: 3)
        let url = server!.url(image.name)
        server = nil  // SIGTERM, waits until ganesha has exited

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(
                        mirrors: [URL(string: url)!], destination: destination, expectedSize: image.size,
                        expectedSHA256: image.sha256))
            })

        #expect(error.code == .allMirrorsFailed)
        let failure = try #require(error.failures.last)
        #expect(failure.code == .network)
        #expect(failure.message.contains("nfs://127.0.0.1"), "\(failure.message)")
        #expect(contents(destination) == image.data.prefixData(kept))
    }

    @Test(arguments: [3, 4])
    func listsAFolderTree(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        _ = try Self.seed(server, "tree/a.iso", size: 10)
        _ = try Self.seed(server, "tree/sub/b.iso", size: 20)
        _ = try Self.seed(server, "tree/sub/deeper/c.iso", size: 30)
        _ = try Self.seed(server, "tree/sub/.isofleet-upload-d.iso-1234", size: 40)
        _ = try Self.seed(server, "outside.iso", size: 50)
        try FileManager.default.createDirectory(
            atPath: server.localPath("tree/empty"), withIntermediateDirectories: true)

        let entries = try Self.store(server, "tree/", version: version).listFiles()

        #expect(
            entries == [
                RemoteEntry(path: "a.iso", size: 10), RemoteEntry(path: "sub/b.iso", size: 20),
                RemoteEntry(path: "sub/deeper/c.iso", size: 30),
            ])
    }

    @Test func uploadsOverVersion3ThroughATemporaryNameAndRemoves() async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let image = try fixture.image("up.iso", size: (3 << 20) + 7)
        let store = try Self.store(server, "mirror/", version: 3)
        let final = server.localPath("mirror/new/dir/up.iso")
        let folder = server.localPath("mirror/new/dir")
        var reports: [Int64] = []

        try store.upload(from: fixture.root + "/up.iso", to: "new/dir/up.iso", sha256: image.sha256) { sent in
            reports.append(sent)
            // While sending, only a temporary name exists, never the final one.
            #expect(!FileManager.default.fileExists(atPath: final))
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            #expect(names.count == 1 && names[0].hasPrefix(".isofleet-upload-up.iso-"), "\(names)")
            return true
        }

        #expect(reports.last == image.size)
        #expect(reports.count == 7)  // 512 KiB writes
        #expect(contents(final) == image.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["up.iso"])
        #expect(try store.listFiles() == [RemoteEntry(path: "new/dir/up.iso", size: image.size)])

        // Cancelled half way: the old file stays whole, the temporary is gone.
        let other = try fixture.image("other.iso", size: 2 << 20, seed: 9)
        let error = try #require(
            await fetchError {
                try store.upload(from: fixture.root + "/other.iso", to: "new/dir/up.iso", sha256: other.sha256) {
                    $0 < 1 << 20
                }
            })
        #expect(error.code == .cancelled)
        #expect(contents(final) == image.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["up.iso"])

        // Small files round trip; removing twice is fine.
        try store.writeSmallFile("inventory.json", Data("{\"images\":[]}".utf8))
        #expect(try store.readSmallFile("inventory.json", maxBytes: 1000) == Data("{\"images\":[]}".utf8))
        #expect(try store.readSmallFile("missing.json", maxBytes: 1000) == nil)
        try store.remove("new/dir/up.iso")
        try store.remove("new/dir/up.iso")
        #expect(!FileManager.default.fileExists(atPath: final))
        #expect(try store.size(of: "new/dir/up.iso") == nil)
    }

    @Test func refusesEveryWriteOverVersion4() async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let image = try fixture.image("v4.iso", size: 10_000)
        _ = try Self.seed(server, "kept.iso", size: 10)
        let store = try Self.store(server, "", version: 4)
        let expected =
            "nfs://127.0.0.1/export/?version=4&nfsport=\(server.nfsPort): NFSv4 writes do not work with Debian's libnfs 4.0; use an NFSv3 URL (without version=4) for a mirror"

        let refusals = [
            await fetchError {
                try store.upload(from: fixture.root + "/v4.iso", to: "v4.iso", sha256: image.sha256) { _ in true }
            },
            await fetchError { try store.writeSmallFile("inventory.json", Data("{}".utf8)) },
            await fetchError { try store.remove("kept.iso") },
        ]

        for refusal in refusals {
            #expect(refusal?.code == .invalidRequest)
            #expect(refusal?.message == expected)
        }
        #expect(FileManager.default.fileExists(atPath: server.localPath("kept.iso")))
        #expect(!FileManager.default.fileExists(atPath: server.localPath("v4.iso")))
    }

    @Test(arguments: [3, 4])
    func anExportTheServerDoesNotHaveIsNamed(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let url = server.url("", version: version).replacingOccurrences(of: "/export/", with: "/wrong/dir/")

        let error = try #require(
            await fetchError { try NFSExport(root: RemoteLocation(parsing: url), fetch: FetchFixture.settings()) })

        // v3 answers MNT3ERR_ACCES for a path it does not export, v4 NFS4ERR_NOENT.
        #expect(error.code == (version == 3 ? .accessDenied : .notFound))
        #expect(error.message.hasPrefix("cannot mount /wrong for nfs://127.0.0.1/wrong/dir/"), "\(error.message)")
    }

    @Test func refusesAHostTheHostPolicyForbids() async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        var settings = FetchFixture.settings()
        settings.hostPolicy = HostPolicy(entries: [.publicAddresses])

        let error = try #require(
            await fetchError { try NFSExport(root: RemoteLocation(parsing: server.url("")), fetch: settings) })

        #expect(error.code == .hostRefused)
        #expect(error.message.contains("127.0.0.1"), "\(error.message)")
    }

    @Test(arguments: [3, 4])
    func aMissingFileIsNotFoundAndNamed(version: Int) async throws {
        let server = try await GaneshaServer.start()
        defer { withExtendedLifetime(server) {} }
        let fixture = try FetchFixture()
        let url = server.url("nowhere/missing.iso", version: version)

        let error = try #require(
            await fetchError {
                try await FetchFixture.fetcher().fetch(
                    FetchRequest(mirrors: [URL(string: url)!], destination: fixture.incomplete("missing")))
            })

        let failure = try #require(error.failures.first)
        #expect(failure.code == .notFound)
        #expect(failure.message.contains("nfs://127.0.0.1/export/nowhere/missing.iso"), "\(failure.message)")
        #expect(error.failures.count == 1)  // not retried
        #expect(!FileManager.default.fileExists(atPath: fixture.incomplete("missing")))
        let store = try Self.store(server, "", version: version)
        #expect(try store.size(of: "missing.iso") == nil)
        #expect(throws: FetchError.self) { try store.openForReading("missing.iso") }
    }
}
