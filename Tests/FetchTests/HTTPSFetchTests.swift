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
        let certificate = fixture.directory.appending("cert.pem")
        let key = fixture.directory.appending("key.pem")
        let openssl = try CommandResult.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
        let nginx = try await NginxOrigin.start(
            root: fixture.root, directory: try fixture.serverDirectory("tls"),
            tls: NginxOrigin.TLS(certificatePath: certificate, keyPath: key))
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
