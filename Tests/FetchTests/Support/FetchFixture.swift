import Digest
import Fetch
import Foundation
import TestSupport
import Testing

/// A temporary directory with a `root/` of generated images to serve and an `incomplete/` area.
final class FetchFixture: Sendable {
    /// One generated image in `root/`.
    struct Image: Sendable {
        let name: String
        let data: Data
        let sha256: String
        var size: Int64 { Int64(data.count) }
    }

    let directory: TemporaryDirectory
    var root: String { directory.appending("root") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "fetch")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `size` deterministic bytes to `root/name`.
    func image(_ name: String, size: Int, seed: UInt64 = 1) throws -> Image {
        let data = ImageGenerator.bytes(seed: seed, size: size)
        try data.write(to: URL(fileURLWithPath: root + "/" + name))
        return Image(name: name, data: data, sha256: SHA256.hex(of: data))
    }

    /// A path in `incomplete/` (not created).
    func incomplete(_ name: String) -> String { directory.appending("incomplete/\(name).part") }

    /// A directory for a server's config and logs.
    func serverDirectory(_ name: String) throws -> String {
        let path = directory.appending("servers/\(name)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func nginx(limitRate: Int? = nil, serverConfig: String = "") async throws -> NginxOrigin {
        try await NginxOrigin.start(
            root: root, directory: try serverDirectory("nginx-\(UUID().uuidString.prefix(6))"),
            limitRate: limitRate, serverConfig: serverConfig)
    }

    /// nginx over TLS with a fresh self-signed certificate for 127.0.0.1, and that certificate's
    /// path (the CA bundle a client must be given to trust it).
    func tlsNginx() async throws -> (nginx: NginxOrigin, certificate: String) {
        let certificate = directory.appending("cert.pem")
        let key = directory.appending("key.pem")
        let openssl = try CommandResult.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
        let nginx = try await NginxOrigin.start(
            root: root, directory: try serverDirectory("tls"),
            tls: NginxOrigin.TLS(certificatePath: certificate, keyPath: key))
        return (nginx, certificate)
    }

    func faultServer() async throws -> FaultServer {
        try await FaultServer.start(
            root: root, logDirectory: try serverDirectory("fault-\(UUID().uuidString.prefix(6))"))
    }

    /// Settings for fast tests: short timeouts, three attempts per mirror.
    static func settings(attempts: Int = 3) -> FetchSettings {
        FetchSettings(
            connectTimeout: .seconds(3), lowSpeedLimit: 1, lowSpeedTime: .seconds(10),
            retry: RetryPolicy(maxAttemptsPerMirror: attempts), progressInterval: .milliseconds(50))
    }

    static func fetcher(attempts: Int = 3, sleeper: RecordingSleeper = RecordingSleeper()) -> ImageFetcher {
        ImageFetcher(settings: settings(attempts: attempts), sleeper: sleeper, random: { 0.5 })
    }
}

extension Data {
    /// The first `count` bytes as their own `Data`.
    func prefixData(_ count: Int) -> Data { Data(self[startIndex..<(startIndex + count)]) }
}

/// The contents of the file at `path`, nil when it does not exist.
func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// The error thrown by `body`, or nil when it succeeded (an error of another type is an issue).
func fetchError<T>(_ body: () async throws -> T) async -> FetchError? {
    do {
        _ = try await body()
        return nil
    } catch let error as FetchError {
        return error
    } catch {
        Issue.record("expected a FetchError, got \(error)")
        return nil
    }
}
