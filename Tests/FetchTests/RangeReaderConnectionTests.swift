import Fetch
import Foundation
import TestSupport
import Testing

/// Origin pieces are many short range requests: one ``RangeReader`` sends them on one kept-open
/// connection (plain and TLS), and a failed request does not spoil the next one. Real nginx,
/// whose `$connection` serial number tells which requests shared a connection.
@Suite(.timeLimit(.minutes(1)))
struct RangeReaderConnectionTests {
    /// Reads `image` in five ranges with `reader`; checks the bytes.
    static func readInRanges(_ reader: RangeReader, _ url: URL, _ image: FetchFixture.Image) async throws {
        let part = Int64(image.size / 5)
        for index in Int64(0)..<5 {
            let range = (index * part)...(index == 4 ? image.size - 1 : (index + 1) * part - 1)
            let bytes = try await reader.read(url, range: range)
            #expect(bytes == image.data[Int(range.lowerBound)...Int(range.upperBound)])
        }
    }

    @Test func rangesOfOneReaderShareAConnectionAndAnotherReaderOpensItsOwn() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("pieces.iso", size: 300_000)
        let nginx = try await fixture.nginx()
        let url = nginx.url(image.name)

        try await Self.readInRanges(RangeReader(settings: FetchFixture.settings()), url, image)
        let first = try await nginx.waitForRequests(5).compactMap(\.connection)
        #expect(first.count == 5 && Set(first).count == 1, "connections: \(first)")

        try await Self.readInRanges(RangeReader(settings: FetchFixture.settings()), url, image)
        let second = try await nginx.waitForRequests(10).compactMap(\.connection).suffix(5)
        #expect(Set(second).count == 1 && Set(second).isDisjoint(with: first), "connections: \(second)")
    }

    @Test func aFailedRangeDoesNotSpoilTheNextOneOnTheKeptHandle() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("after-404.iso", size: 100_000)
        let nginx = try await fixture.nginx()
        let reader = RangeReader(settings: FetchFixture.settings(attempts: 1))

        let missing = await fetchError { try await reader.read(nginx.url("missing.iso"), range: 0...99) }
        #expect(missing?.code == .http(status: 404), "\(String(describing: missing))")
        let bytes = try await reader.read(nginx.url(image.name), range: 10...1_009)
        #expect(bytes == image.data[10...1_009])
        let requests = try await nginx.waitForRequests(2)
        #expect(requests.map(\.status) == [404, 206])
    }

    @Test func rangesOverTLSShareOneConnection() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("tls-pieces.iso", size: 300_000)
        let (nginx, certificate) = try await fixture.tlsNginx()
        var settings = FetchFixture.settings()
        settings.caBundlePath = certificate

        try await Self.readInRanges(RangeReader(settings: settings), nginx.url(image.name), image)
        let connections = try await nginx.waitForRequests(5).compactMap(\.connection)
        #expect(connections.count == 5 && Set(connections).count == 1, "connections: \(connections)")
    }
}
