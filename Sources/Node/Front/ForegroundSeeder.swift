public import Common
import Foundation
import Swarm

/// `isofleet seed`: a swarm session of this process seeding files in place until ``stop()``.
public final class ForegroundSeeder: Sendable {
    private let session: SwarmSession
    /// The port the session listens on.
    public let port: UInt16
    /// Where peers reach this seeder (`host:port`), nil when it listens on every address.
    public let advertisedAddress: String?
    private let peers: [String]

    /// Starts a session on `listen` (resume data in the site's `resume/`), uploading at most
    /// `uploadLimit` bytes per second (0: no limit), telling each torrent about `peers`.
    /// - Throws: ``RequestError`` `failure` when the session cannot listen.
    public init(site: NodeSite, listen: String, uploadLimit: Int, peers: [String]) async throws(RequestError) {
        session = site.swarmSession(listen: listen, uploadRateLimit: uploadLimit)
        do { try await session.start() } catch { throw RequestError(.failure, error.message) }
        port = (try? await session.listenPort()) ?? 0
        advertisedAddress = HostPort.advertised(listen: listen, port: port)?.description
        self.peers = peers
    }

    /// Seeds `file` with `torrent` (made from it a moment ago, so its pieces are not hashed again).
    /// - Throws: ``RequestError`` `failure` naming the file.
    public func seed(_ torrent: MadeTorrent, file: String) async throws(RequestError) {
        var options = AddOptions(savePath: (file as NSString).deletingLastPathComponent)
        options.piecesVerified = true
        options.peers = peers
        do {
            _ = try await session.add(.torrentFile(torrent.data), options: options)
        } catch {
            throw RequestError(.failure, "cannot seed \(file): \(error.message)")
        }
    }

    /// Saves resume data and closes the session, within `deadline`.
    public func stop(deadline: Duration = .seconds(10)) async { await session.shutdown(deadline: deadline) }
}
