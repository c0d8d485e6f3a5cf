import Acquisition
public import Common
import Fetch
import Foundation
import ISOStore
import Logging
import Repository
import Swarm
public import WireTypes

/// `isofleet add --wait` without a daemon: the daemon's own ``ImageIngest`` (one sequence, two
/// front ends) with a swarm session of this process, which ends with the addition. What was
/// fetched stays in `incomplete/` (and resume data in `resume/`) when it is cancelled or fails,
/// so the same command continues it.
public final class ForegroundAddition: Sendable {
    private let ingest: ImageIngest
    private let session: SwarmSession?
    private let id: Int

    /// Starts adding `source` on `site`: a magnet link, a `.torrent` (URL or file) or an image URL.
    /// - Throws: ``RequestError`` (`invalidInput`, `conflict`, `failure`).
    public init(
        site: NodeSite, source: String, sha256: String?, listen: String, peers: [String]
    ) async throws(RequestError) {
        let store: CatalogStore
        let fetchSettings: FetchSettings
        let stallTimeout: Duration
        do {
            store = try site.openStore()
            fetchSettings = try site.fetchSettings()
            stallTimeout = try site.additionStallTimeout()
        } catch {
            throw RequestError(error.code == .invalidInput ? .invalidInput : .failure, error.description)
        }
        var session: SwarmSession?
        if let parsed = try? IngestSource(parsing: source, allowFiles: true), parsed.needsSwarm {
            // A bad magnet or .torrent file is refused before the listen port is taken, so that
            // invalid input is exit 2 whatever else listens on this machine. A .torrent URL is
            // fetched once, by the addition.
            switch parsed {
            case .magnet, .torrentFile:
                do { _ = try await IngestTorrent.load(parsed) } catch { throw RequestError(error) }
            case .torrentURL, .imageURL:
                break
            }
            let started = site.swarmSession(listen: listen)
            do { try await started.start() } catch { throw RequestError(.failure, error.message) }
            session = started
        }
        var logger = Logger(label: "isofleet-add")
        logger.logLevel = .critical
        let ingest = ImageIngest(
            session: session, repository: site.repository, store: store, dataDirectory: site.dataDirectory,
            peers: { peers }, pollInterval: .milliseconds(250), allowsFiles: true, fetchSettings: fetchSettings,
            stallTimeout: stallTimeout, logger: logger)
        do {
            id = try await ingest.startAddition(source: source, sha256: sha256).id
        } catch {
            await session?.shutdown()
            throw error
        }
        self.ingest = ingest
        self.session = session
    }

    /// How the addition stands now.
    public func status() async -> AdditionStatus? { await ingest.addition(id: id) }

    /// Returns once the addition has ended (placed or failed).
    public func waitUntilEnded() async { await ingest.waitForAll() }

    /// Stops the addition (what was fetched is kept).
    public func cancel() async { await ingest.cancelAll() }

    /// Waits for the addition to end, then closes the swarm session (saving resume data).
    public func finish() async -> AdditionStatus? {
        await ingest.waitForAll()
        await session?.shutdown(deadline: .seconds(5))
        return await ingest.addition(id: id)
    }
}
