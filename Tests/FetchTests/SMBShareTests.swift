import Fetch
import Foundation
import TestSupport
import Testing

/// smb:// sources and mirrors against a private smbd that only speaks SMB3: reads through
/// ImageFetcher (verify, resume), ranged reads, listing, uploads and removal, and the failures an
/// operator must understand (wrong password, missing share, server gone).
@Suite(.timeLimit(.minutes(2)))
struct SMBShareTests {
    @Test func imageFetcherReadsAWholeFileAndVerifiesIt() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("isos/whole.iso", size: (9 << 20) + 12_345)
        let destination = fixture.files.incomplete("whole")

        let result = try await fixture.fetcher().fetch(fixture.request(image, into: destination))

        #expect(result.verified && result.sha256 == image.sha256 && result.size == image.size)
        #expect(result.bytesReceived == image.size && !result.resumed)
        #expect(contents(destination) == image.data)
    }

    @Test func twoServersServeTwoFetchesAtOnce() async throws {
        // libsmbclient has no thread support here: the stores serialise their calls process-wide.
        let first = try await SMBFixture.start()
        defer { withExtendedLifetime(first) {} }
        let second = try await SMBFixture.start()
        defer { withExtendedLifetime(second) {} }
        let images = [
            try first.image("one.iso", size: 24 << 20, seed: 11), try second.image("two.iso", size: 24 << 20, seed: 12),
        ]
        let fixtures = [first, second]

        let results = try await withThrowingTaskGroup(of: FetchResult.self) { group in
            for (fixture, image) in zip(fixtures, images) {
                group.addTask {
                    try await fixture.fetcher().fetch(
                        fixture.request(image, into: fixture.files.incomplete(image.name)))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(results.count == 2 && results.allSatisfy(\.verified))
        #expect(contents(first.files.incomplete("one.iso")) == images[0].data)
        #expect(contents(second.files.incomplete("two.iso")) == images[1].data)
    }

    @Test func theReaderReadsAnyRangeAndSequentialRuns() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("dir/range.iso", size: (10 << 20) + 7)
        let share = try fixture.share("dir/")
        let reader = try share.openForReading("range.iso")
        #expect(reader.size == image.size)

        func read(_ offset: Int, _ count: Int) throws -> Data {
            var bytes = [UInt8](repeating: 0, count: count)
            let got = try bytes.withUnsafeMutableBytes { try reader.read(at: Int64(offset), into: $0) }
            return Data(bytes.prefix(got))
        }
        // A range anywhere, then 1 MiB runs that cross read-ahead boundaries, then backwards.
        #expect(try read(123_457, 5_000) == image.data[123_457..<128_457])
        var offset = 1_000
        while offset < image.data.count {
            let chunk = try read(offset, 1 << 20)
            #expect(chunk == image.data[offset..<min(image.data.count, offset + (1 << 20))])
            offset += chunk.count
            if chunk.isEmpty { break }
        }
        #expect(offset == image.data.count)
        #expect(try read(7, 100) == image.data[7..<107])
        #expect(try read(image.data.count - 3, 100) == image.data.suffix(3))
        #expect(try read(image.data.count, 100).isEmpty)

        let missing = try #require(await fetchError { try share.openForReading("nothing.iso") })
        #expect(missing.code == .notFound)
        #expect(
            missing.message.contains("\(fixture.server.url("dir/nothing.iso"))")
                && missing.message.contains("no such file"))
        #expect(try share.size(of: "range.iso") == image.size)
        #expect(try share.size(of: "nothing.iso") == nil)
    }

    @Test func aCancelledFetchKeepsItsBytesAndTheNextOneContinuesThem() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("resume.iso", size: 48 << 20, seed: 3)
        let destination = fixture.files.incomplete("resume")
        let request = fixture.request(image, into: destination)
        let gate = ProgressGate(threshold: 8 << 20)
        let fetcher = fixture.fetcher()

        let task = Task { try await fetcher.fetch(request, progress: gate.callback) }
        _ = try await gate.waitUntilHeld()
        task.cancel()
        gate.release()
        let error = try #require(await task.result.failure(as: FetchError.self))
        #expect(error.code == .cancelled)
        let kept = try #require(contents(destination))
        #expect(kept.count >= 8 << 20 && kept.count < image.data.count)
        #expect(kept == image.data.prefixData(kept.count))

        let result = try await fetcher.fetch(request)
        #expect(result.verified && result.resumed && result.resumedFromBytes == Int64(kept.count))
        #expect(result.bytesReceived == image.size - Int64(kept.count))
        #expect(contents(destination) == image.data)
    }

    @Test func listingWalksTheFolderTreeAndSkipsUnfinishedUploads() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        _ = try fixture.image("tree/a.iso", size: 10)
        _ = try fixture.image("tree/sub/b.iso", size: 2_000)
        _ = try fixture.image("tree/sub/deeper/c d.txt", size: 3)
        _ = try fixture.image("tree/sub/.isofleet-upload-b.iso-1234", size: 5)
        try FileManager.default.createDirectory(
            atPath: fixture.server.shareFolder + "/tree/empty", withIntermediateDirectories: true)
        _ = try fixture.image("outside.iso", size: 1)

        let entries = try fixture.share("tree").listFiles()

        #expect(
            entries == [
                RemoteEntry(path: "a.iso", size: 10), RemoteEntry(path: "sub/b.iso", size: 2_000),
                RemoteEntry(path: "sub/deeper/c d.txt", size: 3),
            ])
        let missing = try #require(await fetchError { try fixture.share("no-such-folder/").listFiles() })
        #expect(missing.code == .notFound && missing.message.contains("no such folder"))
    }

    @Test func uploadsAppearOnlyWholeAndRemovalDeletes() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let local = fixture.files.directory.appending("local.iso")
        let data = ImageGenerator.bytes(seed: 9, size: (13 << 20) + 5)
        try data.write(to: URL(fileURLWithPath: local))
        // The mirror's own folder does not exist yet.
        let share = try fixture.share("mirror/")
        let target = fixture.server.shareFolder + "/mirror/os/x/new.iso"
        let folder = fixture.server.shareFolder + "/mirror/os/x"

        var seenDuringUpload: [(final: Bool, temporary: [String])] = []
        try share.upload(from: local, to: "os/x/new.iso", sha256: "") { _ in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            seenDuringUpload.append(
                (FileManager.default.fileExists(atPath: target), names.filter { $0.hasPrefix(".isofleet-upload-") }))
            return true
        }
        #expect(!seenDuringUpload.isEmpty && seenDuringUpload.allSatisfy { !$0.final && $0.temporary.count == 1 })
        #expect(contents(target) == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["new.iso"])
        #expect(try share.listFiles() == [RemoteEntry(path: "os/x/new.iso", size: Int64(data.count))])

        // Replacing keeps the old file until the new one is whole; a cancelled upload leaves nothing.
        let smaller = ImageGenerator.bytes(seed: 10, size: 5 << 20)
        try smaller.write(to: URL(fileURLWithPath: local))
        try share.upload(from: local, to: "os/x/new.iso", sha256: "") { _ in contents(target) == data }
        #expect(contents(target) == smaller)
        let cancelled = try #require(
            await fetchError { try share.upload(from: local, to: "os/x/other.iso", sha256: "") { _ in false } })
        #expect(cancelled.code == .cancelled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["new.iso"])

        // Small files, then removal (twice: already gone is fine).
        try share.writeSmallFile("inventory.json", Data("{\"images\":[]}".utf8))
        #expect(try share.readSmallFile("inventory.json", maxBytes: 100) == Data("{\"images\":[]}".utf8))
        #expect(try share.readSmallFile("absent.json", maxBytes: 100) == nil)
        #expect(
            try #require(await fetchError { try share.readSmallFile("inventory.json", maxBytes: 4) }).code == .tooLarge)
        try share.remove("os/x/new.iso")
        try share.remove("os/x/new.iso")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try share.listFiles() == [RemoteEntry(path: "inventory.json", size: 13)])
    }

    @Test func aFullShareFailsTheUploadAndLeavesNothingBehind() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let folder = fixture.server.shareFolder + "/full"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let small = try TmpfsMount(at: folder, bytes: 8 << 20)
        defer { small.unmount() }
        let local = fixture.files.directory.appending("large.iso")
        try ImageGenerator.bytes(seed: 4, size: 16 << 20).write(to: URL(fileURLWithPath: local))
        let share = try fixture.share("full/")

        let error = try #require(
            await fetchError { try share.upload(from: local, to: "large.iso", sha256: "") { _ in true } })

        #expect(error.code == .noSpace, "\(error)")
        #expect(error.message.contains(fixture.server.url("full/").absoluteString) && error.message.contains("full"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // The temporary file is gone, so the space is back for a file that fits.
        let fits = fixture.files.directory.appending("fits.iso")
        let data = ImageGenerator.bytes(seed: 5, size: 4 << 20)
        try data.write(to: URL(fileURLWithPath: fits))
        try share.upload(from: fits, to: "fits.iso", sha256: "") { _ in true }
        #expect(contents(folder + "/fits.iso") == data)
    }

    @Test func aWrongPasswordIsAClearAccessDeniedAndWritesNothing() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("secret.iso", size: 1 << 20)
        let destination = fixture.files.incomplete("secret")

        let error = try #require(
            await fetchError {
                try await fixture.fetcher(password: "not-the-password").fetch(
                    FetchRequest(mirrors: [fixture.server.url(image.name)], destination: destination))
            })

        let denied = try #require(error.failures.first { $0.code == .accessDenied }, "\(error)")
        #expect(error.failures.count == 1, "access denied is not retried: \(error)")
        #expect(denied.message.contains("smb://tester@127.0.0.1:\(fixture.server.port)/share/"))
        #expect(denied.message.contains("wrong user or password"))
        #expect(!"\(error)".contains("not-the-password") && !"\(error)".contains(fixture.server.password))
        #expect(!FileManager.default.fileExists(atPath: destination))

        let noShare = try #require(
            await fetchError {
                try SMBShare(
                    root: RemoteLocation(parsing: "smb://tester@127.0.0.1:\(fixture.server.port)/nope/x/"),
                    credentials: SMBCredentials(password: fixture.server.password), fetch: FetchFixture.settings())
            })
        #expect(noShare.code == .notFound && noShare.message.contains("no share named \"nope\""))
    }

    @Test func aServerGoneMidFetchFailsClearlyAndKeepsTheBytesForLater() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("gone.iso", size: 40 << 20, seed: 5)
        let destination = fixture.files.incomplete("gone")
        let request = fixture.request(image, into: destination)
        let gate = ProgressGate(threshold: 8 << 20)
        let fetcher = fixture.fetcher()

        let task = Task { try await fetcher.fetch(request, progress: gate.callback) }
        _ = try await gate.waitUntilHeld()
        try await fixture.server.stop()
        gate.release()
        let error = try #require(await task.result.failure(as: FetchError.self))
        #expect(error.code == .allMirrorsFailed)
        // The read breaks off, then each retry finds the port closed; every message names the share.
        #expect(
            error.failures.allSatisfy { $0.isRetryable && $0.message.contains(fixture.server.url().absoluteString) },
            "\(error)")
        #expect(
            error.failures.first?.message
                == "cannot read \(fixture.server.url(image.name)): the connection to the server was lost")
        #expect(
            error.failures.dropFirst().allSatisfy {
                $0.message.hasSuffix("connection refused (no SMB server on that port)")
            })
        let kept = try #require(contents(destination))
        #expect(kept.count >= 8 << 20 && kept.count < image.data.count)
        #expect(kept == image.data.prefixData(kept.count))

        // Back up on the same port: the next fetch continues the kept bytes.
        try await fixture.server.restart()
        let result = try await fetcher.fetch(request)
        #expect(result.verified && result.resumedFromBytes == Int64(kept.count))
        #expect(contents(destination) == image.data)
    }

    @Test func aGuestWithoutCredentialsReadsAPublicShareButCannotWrite() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        let image = try fixture.image("pub/open.iso", size: 3 << 20, seed: 21)
        let destination = fixture.files.incomplete("open")

        let result = try await ImageFetcher(settings: FetchFixture.settings(), sleeper: RecordingSleeper()).fetch(
            FetchRequest(
                mirrors: [fixture.server.guestURL(image.name)], destination: destination, expectedSHA256: image.sha256))
        #expect(result.verified && contents(destination) == image.data)

        let guest = try SMBShare(
            root: RemoteLocation(parsing: fixture.server.guestURL("pub/").absoluteString),
            credentials: SMBCredentials(),
            fetch: FetchFixture.settings())
        #expect(try guest.listFiles() == [RemoteEntry(path: "open.iso", size: image.size)])
        let refused = try #require(await fetchError { try guest.writeSmallFile("note.txt", Data("x".utf8)) })
        #expect(refused.code == .accessDenied && refused.message.contains("no permission"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.server.shareFolder + "/pub") == ["open.iso"])
    }

    @Test func fetchAllowHostsIsCheckedBeforeConnecting() async throws {
        let fixture = try await SMBFixture.start()
        defer { withExtendedLifetime(fixture) {} }
        var settings = FetchFixture.settings()
        settings.hostPolicy = HostPolicy(entries: [.publicAddresses])

        let error = try #require(
            await fetchError {
                try SMBShare(
                    root: RemoteLocation(parsing: fixture.server.url().absoluteString),
                    credentials: SMBCredentials(password: fixture.server.password), fetch: settings)
            })

        #expect(error.code == .hostRefused && error.message.contains("127.0.0.1"))
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        // A socket that listens but never accepts: the TCP handshake completes, no SMB answer comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 && listen(listener, 8) == 0
            }
        }
        try #require(listening)
        var settings = FetchFixture.settings()
        settings.connectTimeout = .seconds(1)
        settings.lowSpeedTime = .seconds(1)
        let started = ContinuousClock.now

        let error = try #require(
            await fetchError {
                try SMBShare(
                    root: RemoteLocation(
                        parsing: "smb://tester@127.0.0.1:\(UInt16(bigEndian: address.sin_port))/share/"),
                    credentials: SMBCredentials(password: "x"), fetch: settings)
            })

        #expect(error.code == .timeout && error.isRetryable, "\(error)")
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func aClosedPortIsANetworkErrorThatKeepsAnIncompleteFile() async throws {
        let fixture = try FetchFixture()
        defer { withExtendedLifetime(fixture) {} }
        let port = try FreePort.next()
        let destination = fixture.incomplete("closed")
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: destination))
        let url = URL(string: "smb://tester@127.0.0.1:\(port)/share/closed.iso")!

        let error = try #require(
            await fetchError {
                try await ImageFetcher(
                    settings: FetchFixture.settings(), remote: RemoteAccess(smb: SMBCredentials(password: "x")),
                    sleeper: RecordingSleeper()
                ).fetch(FetchRequest(mirrors: [url], destination: destination))
            })

        #expect(error.failures.count == 3 && error.failures.allSatisfy { $0.code == .network })
        #expect(
            error.failures[0].message
                == "cannot connect to share \"share\" of smb://tester@127.0.0.1:\(port)/share/: connection refused (no SMB server on that port)"
        )
        #expect(contents(destination) == Data("kept".utf8))
    }
}
