import Fetch
import Foundation
import TestSupport
import Testing

/// Conditional GETs of the manifest from nginx and from file://, with the size cap.
@Suite(.timeLimit(.minutes(1)))
struct ManifestDownloaderTests {
    @Test func conditionalGetAgainstNginx() async throws {
        let fixture = try FetchFixture()
        let path = fixture.root + "/manifest.json"
        try Data(#"{"format":"isofleet-manifest/1","images":[]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let nginx = try await fixture.nginx()
        let downloader = ManifestDownloader(sleeper: RecordingSleeper())

        guard
            case .fetched(let data, let etag, let lastModified) = try await downloader.fetch(nginx.url("manifest.json"))
        else {
            Issue.record("first GET should fetch")
            return
        }
        #expect(data == contents(path))
        let tag = try #require(etag)
        #expect(tag.hasPrefix("\""))
        let modified = try #require(lastModified)
        let fileDate = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        #expect(abs(modified.timeIntervalSince(fileDate)) < 1)

        #expect(try await downloader.fetch(nginx.url("manifest.json"), ifNoneMatch: tag) == .notModified)
        #expect(try await downloader.fetch(nginx.url("manifest.json"), ifModifiedSince: modified) == .notModified)
        #expect(try await nginx.waitForRequests(3).map(\.status) == [200, 304, 304])

        // A new manifest: the old validators no longer match.
        try Data(#"{"format":"isofleet-manifest/1","images":[{}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: path)
        guard
            case .fetched(let newData, let newTag, _) = try await downloader.fetch(
                nginx.url("manifest.json"), ifNoneMatch: tag, ifModifiedSince: modified)
        else {
            Issue.record("a changed manifest should be fetched")
            return
        }
        #expect(newData == contents(path))
        #expect(newTag != tag)
    }

    @Test func fileURLIsConditionalOnItsOwnETag() async throws {
        let fixture = try FetchFixture()
        let path = fixture.root + "/local.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        let url = URL(fileURLWithPath: path)
        let downloader = ManifestDownloader()

        guard case .fetched(let data, let etag, let lastModified) = try await downloader.fetch(url) else {
            Issue.record("file:// should fetch")
            return
        }
        #expect(data == Data("{}".utf8))
        let tag = try #require(etag)
        let modified = try #require(lastModified)
        #expect(try await downloader.fetch(url, ifNoneMatch: tag) == .notModified)
        // The modification time alone (whole seconds) decides nothing for a local file.
        #expect(try await downloader.fetch(url, ifModifiedSince: modified) != .notModified)
        #expect(try await downloader.fetch(url, ifNoneMatch: "\"0-2\"") != .notModified)

        let missing = await fetchError { try await downloader.fetch(URL(fileURLWithPath: fixture.root + "/none.json")) }
        #expect(missing?.code == .io)
    }

    @Test func documentsOverTheCapAreRefused() async throws {
        let fixture = try FetchFixture()
        _ = try fixture.image("huge.json", size: 5000)
        let nginx = try await fixture.nginx()
        let server = try await fixture.faultServer()
        let downloader = ManifestDownloader(maxBytes: 1000)

        let announced = await fetchError { try await downloader.fetch(nginx.url("huge.json")) }
        #expect(announced?.code == .tooLarge)
        #expect(announced?.message.contains("huge.json") == true)
        let streamed = await fetchError { try await downloader.fetch(server.url("nolength/huge.json")) }
        #expect(streamed?.code == .tooLarge)
        let file = await fetchError { try await downloader.fetch(URL(fileURLWithPath: fixture.root + "/huge.json")) }
        #expect(file?.code == .tooLarge)
    }

    @Test func transientErrorsAreRetried() async throws {
        let fixture = try FetchFixture()
        try Data("[]".utf8).write(to: URL(fileURLWithPath: fixture.root + "/m.json"))
        let server = try await fixture.faultServer()
        let sleeper = RecordingSleeper()
        let downloader = ManifestDownloader(settings: FetchFixture.settings(attempts: 3), sleeper: sleeper)

        let response = try await downloader.fetch(server.url("status-502-1/m.json"))
        guard case .fetched(let data, _, _) = response else {
            Issue.record("expected the manifest after one retry")
            return
        }
        #expect(data == Data("[]".utf8))
        #expect(sleeper.delays.count == 1)
        let notFound = await fetchError { try await downloader.fetch(server.url("absent.json")) }
        #expect(notFound?.code == .http(status: 404))
    }
}
