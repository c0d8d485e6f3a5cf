import Fetch
import Foundation
import TestSupport
import Testing

/// Issue 15, items 11 and 13: manifest and `.torrent` fetches stay on http(s) (redirects
/// included), and a conditional GET is decided by the status code alone.
@Suite(.timeLimit(.minutes(1)))
struct DocumentFetchTests {
    @Test func item11_redirectToAFileURLIsRefusedFast() async throws {
        let fixture = try FetchFixture()
        // A FIFO nobody writes to: following the redirect would block on it for good.
        let fifo = fixture.directory.appending("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let nginx = try await fixture.nginx(
            serverConfig: """
                location = /to-fifo.json { return 302 file://\(fifo); }
                location = /to-file.json { return 302 file:///etc/hostname; }
                """)
        let downloader = ManifestDownloader(settings: FetchFixture.settings(attempts: 1), sleeper: RecordingSleeper())

        for path in ["to-fifo.json", "to-file.json"] {
            let started = ContinuousClock.now
            let error = await fetchError { try await downloader.fetch(nginx.url(path)) }
            #expect(error?.code == .invalidRequest, "\(path): \(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        #expect(try await nginx.waitForRequests(2).map(\.status) == [302, 302])
    }

    @Test func item11_torrentFetchesRefuseFileURLs() async throws {
        let fixture = try FetchFixture()
        let path = fixture.root + "/a.torrent"
        try Data("d4:infod4:name1:aee".utf8).write(to: URL(fileURLWithPath: path))
        let downloader = ManifestDownloader(allowsFileURLs: false)

        let error = await fetchError { try await downloader.fetch(URL(fileURLWithPath: path)) }

        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("only http and https") == true)
        // The operator's own manifest.url may still be a local file.
        #expect(try await ManifestDownloader().fetch(URL(fileURLWithPath: path)) != .notModified)
    }

    @Test func item13_manifestRewrittenWithinTheSameSecondIsFetchedAgain() async throws {
        let fixture = try FetchFixture()
        let path = fixture.root + "/manifest.json"
        let first = Data(#"{"format":"isofleet-manifest/1","images":[]}"#.utf8)
        try first.write(to: URL(fileURLWithPath: path))
        let second = Data(#"{"format":"isofleet-manifest/1","images":[{"name":"one more"}]}"#.utf8)
        let nginx = try await fixture.nginx()
        let downloader = ManifestDownloader(sleeper: RecordingSleeper())

        guard case .fetched(_, let etag, let lastModified) = try await downloader.fetch(nginx.url("manifest.json"))
        else {
            Issue.record("the first GET should fetch")
            return
        }
        // The origin rewrites the manifest within the same second: Last-Modified stays, the
        // ETag (nginx: mtime and size) changes, and nginx answers 200 with the new body.
        let stamp = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        try second.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: path)

        let response = try await downloader.fetch(
            nginx.url("manifest.json"), ifNoneMatch: etag, ifModifiedSince: lastModified)

        guard case .fetched(let data, let newTag, _) = response else {
            Issue.record("a 200 with a new body was taken for \(response)")
            return
        }
        #expect(data == second)
        #expect(newTag != etag)
        #expect(try await nginx.waitForRequests(2).map(\.status) == [200, 200])
        // Unchanged, it is still "not modified" (304).
        #expect(
            try await downloader.fetch(nginx.url("manifest.json"), ifNoneMatch: newTag, ifModifiedSince: lastModified)
                == .notModified)
    }

    @Test func item13_fileManifestRewrittenWithinTheSameSecondIsReadAgain() async throws {
        let fixture = try FetchFixture()
        let path = fixture.root + "/local.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        let url = URL(fileURLWithPath: path)
        let downloader = ManifestDownloader()

        guard case .fetched(_, let etag, let lastModified) = try await downloader.fetch(url) else {
            Issue.record("file:// should fetch")
            return
        }
        #expect(try await downloader.fetch(url, ifNoneMatch: etag, ifModifiedSince: lastModified) == .notModified)

        let stamp = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        try Data(#"{"images":[1]}"#.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: stamp.timeIntervalSince1970.rounded(.down))],
            ofItemAtPath: path)

        let response = try await downloader.fetch(url, ifNoneMatch: etag, ifModifiedSince: lastModified)
        #expect(response != .notModified)
        if case .fetched(let data, _, _) = response { #expect(data == Data(#"{"images":[1]}"#.utf8)) }
    }
}
