import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Node
import Repository
import TestSupport
import Testing

@testable import Web

/// `/manifest.json`, `/files/…` and `/torrents/…`.
struct ManifestAndFileTests {
    static let ubuntuURL = "/files/Linux/Ubuntu%20-%20Server/ubuntu.server-22.04.3.iso"

    @Test func manifestListsHoldingsWithAbsoluteFileURLs() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/manifest.json", method: .get)
            #expect(response.status == .ok)
            let manifest = try Manifest.parse(Data(response.text.utf8))
            #expect(manifest.format == "isofleet-manifest/1")
            #expect(manifest.images.count == 2)
            let ubuntu = try #require(manifest.images.first { $0.name == "Ubuntu" })
            #expect(ubuntu.sources.http == ["http://127.0.0.1:8080" + Self.ubuntuURL])
            #expect(ubuntu.size == Int64(WebFixture.ubuntuSize))
            #expect(ubuntu.sha256 == (try fixture.store.image(path: WebFixture.ubuntuPath))?.sha256)
            #expect(ubuntu.sha256?.count == 64)
            #expect(ubuntu.fileName == "ubuntu.server-22.04.3.iso")
            #expect(ubuntu.version == Version(major: "22", minor: "04", patch: "3"))
            #expect(ubuntu.sources.torrent == nil)
        }
    }

    @Test func anUnchangedManifestAnswers304ToItsETag() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let first = try await client.execute(uri: "/manifest.json", method: .get)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: "/manifest.json", method: .get)
            #expect(again.headers[.eTag] == etag && again.text == first.text)
            let conditional = try await client.execute(
                uri: "/manifest.json", method: .get, headers: [.ifNoneMatch: etag])
            #expect(conditional.status == .notModified)
            #expect(conditional.body.readableBytes == 0)

            // A held image going away changes the manifest and its ETag.
            let ubuntu = try #require(try fixture.store.image(path: WebFixture.ubuntuPath))
            _ = try fixture.store.removeImage(id: try #require(ubuntu.id))
            let changed = try await client.execute(uri: "/manifest.json", method: .get, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
        }
    }

    @Test func manifestUsesThePublicURL() async throws {
        let fixture = try WebFixture(configuration: [.webPublicURL: "https://node7.example:9443/"])
        try await fixture.test { client in
            let manifest = try Manifest.parse(
                Data(try await client.execute(uri: "/manifest.json", method: .get).text.utf8))
            #expect(
                manifest.images.allSatisfy {
                    $0.sources.http.first?.hasPrefix("https://node7.example:9443/files/Linux/") == true
                })
        }
    }

    @Test func manifestURLsServeTheFiles() async throws {
        let fixture = try WebFixture()
        let expected = try fixture.bytes(of: WebFixture.ubuntuPath)
        try await fixture.test { client in
            let response = try await client.execute(uri: Self.ubuntuURL, method: .get)
            #expect(response.status == .ok)
            #expect(Data(response.body.readableBytesView) == expected)
            #expect(response.headers[.contentLength] == String(expected.count))
            #expect(response.headers[.acceptRanges] == "bytes")
            let sha256 = try #require(try fixture.store.image(path: WebFixture.ubuntuPath)?.sha256)
            #expect(response.headers[.eTag] == "\"\(sha256)\"")
        }
    }

    @Test(arguments: [
        ("bytes=0-9", 0..<10),
        ("bytes=-100", (WebFixture.ubuntuSize - 100)..<WebFixture.ubuntuSize),
        ("bytes=99990-", 99_990..<WebFixture.ubuntuSize),
        ("bytes=500-1499", 500..<1500),
    ])
    func rangesAnswer206WithTheirBytes(header: String, expected: Range<Int>) async throws {
        let fixture = try WebFixture()
        let bytes = try fixture.bytes(of: WebFixture.ubuntuPath)
        try await fixture.test { client in
            let response = try await client.execute(uri: Self.ubuntuURL, method: .get, headers: [.range: header])
            #expect(response.status == .partialContent)
            #expect(Data(response.body.readableBytesView) == bytes[expected])
            #expect(
                response.headers[.contentRange]
                    == "bytes \(expected.lowerBound)-\(expected.upperBound - 1)/\(WebFixture.ubuntuSize)")
            #expect(response.headers[.contentLength] == String(expected.count))
        }
    }

    @Test func unsatisfiableRangeIs416() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: Self.ubuntuURL, method: .get, headers: [.range: "bytes=\(WebFixture.ubuntuSize)-"])
            #expect(response.status == .rangeNotSatisfiable)
            #expect(response.headers[.contentRange] == "bytes */\(WebFixture.ubuntuSize)")
            #expect(response.errorMessage?.contains("beyond") == true)
        }
    }

    @Test func headGivesLengthWithoutBody() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: Self.ubuntuURL, method: .head)
            #expect(response.status == .ok)
            #expect(response.headers[.contentLength] == String(WebFixture.ubuntuSize))
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test func matchingETagIs304() async throws {
        let fixture = try WebFixture()
        let sha256 = try #require(try fixture.store.image(path: WebFixture.ubuntuPath)?.sha256)
        try await fixture.test { client in
            let response = try await client.execute(
                uri: Self.ubuntuURL, method: .get, headers: [.ifNoneMatch: "\"\(sha256)\""])
            #expect(response.status == .notModified)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test(arguments: [
        "/files/../isofleet.sqlite",
        "/files/%2E%2E/isofleet.sqlite",
        "/files/Linux/..%2F..%2Fisofleet.sqlite",
        "/files/%2Fetc%2Fpasswd",
        "/files//etc/passwd",
        "/files/Linux/Ubuntu%20-%20Server/../../../admin-token",
        "/files/",
    ])
    func traversalAndAbsolutePathsAre404(uri: String) async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound, "\(uri)")
            #expect(!response.text.contains("SQLite"))
        }
    }

    @Test func unheldAndMissingFilesAre404() async throws {
        let fixture = try WebFixture()
        // A file in the repository the store does not hold.
        try ImageGenerator.write(
            to: fixture.repository.absolutePath(of: "stray/not-registered.iso"), seed: 9, size: 100)
        // A held image whose file vanished and was marked missing.
        let debian = try #require(try fixture.store.image(path: WebFixture.debianPath))
        try fixture.store.setState(.missing, ofImages: [try #require(debian.id)])
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/files/stray/not-registered.iso", method: .get).status == .notFound)
            let missing = try await client.execute(
                uri: "/files/Linux/Debian%20-%20Netinst/debian.netinst-12.5.0.iso", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage?.contains("no held image") == true)
        }
    }

    @Test func torrentsAre503UntilTheSwarmIsWired() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/torrents/\(String(repeating: "ab", count: 20)).torrent", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorMessage?.contains("not running on this node") == true)
        }
    }
}
