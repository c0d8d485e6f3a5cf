import Fetch
import Foundation
import TestSupport
import Testing

/// HTTPS certificate verification stays on: a self-signed origin is refused unless its
/// certificate is the CA bundle given.
@Suite(.timeLimit(.minutes(1)))
struct HTTPSFetchTests {
    @Test func verifiesTheServerCertificate() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("tls.iso", size: 400_000)
        let (nginx, certificate) = try await fixture.tlsNginx()
        let request = FetchRequest(
            mirrors: [nginx.url(image.name)], destination: fixture.incomplete("tls"), expectedSHA256: image.sha256)

        let refused = try #require(await fetchError { try await FetchFixture.fetcher().fetch(request) })
        // A certificate problem is not retried.
        #expect(refused.failures.map(\.code) == [.tls])

        var settings = FetchFixture.settings()
        settings.caBundlePath = certificate
        let result = try await ImageFetcher(settings: settings).fetch(request)
        #expect(result.sha256 == image.sha256)
    }
}
