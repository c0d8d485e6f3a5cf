import Digest
import Fetch
import Foundation
import TestSupport

/// A ``FetchFixture`` with a private smbd (SMB3 only) whose share serves generated images.
final class SMBFixture: Sendable {
    let files: FetchFixture
    let server: SambaServer

    private init(files: FetchFixture, server: SambaServer) {
        self.files = files
        self.server = server
    }

    static func start() async throws -> SMBFixture {
        let files = try FetchFixture()
        let server = try await SambaServer.start(in: try files.serverDirectory("smb"))
        return SMBFixture(files: files, server: server)
    }

    /// Writes `size` deterministic bytes to `path` inside the share (folders created).
    func image(_ path: String, size: Int, seed: UInt64 = 1) throws -> FetchFixture.Image {
        let data = ImageGenerator.bytes(seed: seed, size: size)
        let file = server.shareFolder + "/" + path
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return FetchFixture.Image(name: path, data: data, sha256: SHA256.hex(of: data))
    }

    /// The server's credentials (user from the URL, password from the settings).
    var access: RemoteAccess { RemoteAccess(smb: SMBCredentials(password: server.password)) }

    /// Opens the share's folder `folder` as a store.
    func share(_ folder: String = "", password: String? = nil) throws(FetchError) -> SMBShare {
        try SMBShare(
            root: RemoteLocation(parsing: server.url(folder).absoluteString),
            credentials: SMBCredentials(password: password ?? server.password), fetch: FetchFixture.settings())
    }

    /// A request for `image` from the share into `destination`, its size and SHA-256 expected.
    func request(_ image: FetchFixture.Image, into destination: String) -> FetchRequest {
        FetchRequest(
            mirrors: [server.url(image.name)], destination: destination, expectedSize: image.size,
            expectedSHA256: image.sha256)
    }

    /// A fetcher for the server, reporting progress every millisecond.
    func fetcher(password: String? = nil) -> ImageFetcher {
        var settings = FetchFixture.settings()
        settings.progressInterval = .milliseconds(1)
        return ImageFetcher(
            settings: settings, remote: RemoteAccess(smb: SMBCredentials(password: password ?? server.password)),
            sleeper: RecordingSleeper(), random: { 0.5 })
    }
}
