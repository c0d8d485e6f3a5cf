public import Common
import Foundation
public import ISOStore
public import Logging
public import Repository
public import Swarm
public import WireTypes

/// Seeds every held image through the daemon's one ``SwarmSession`` and serves their `.torrent`
/// files (``TorrentCatalog``: `GET /torrents/{infohash}.torrent`, `sources.torrent` in
/// `/manifest.json`).
///
/// ``refresh()`` brings the session in line with the store: each present image with a SHA-256 is
/// added as a seeding torrent (from the ``TorrentCache``, or hashed once and cached), each torrent
/// whose image is gone or changed is removed (files untouched). A torrent just built from the file
/// is added with every piece marked had (`piecesVerified`, as `isofleet seed`); one from the cache
/// in seed mode (pieces checked lazily when first asked for), since the file was hashed earlier.
/// An image the swarm fetched with another torrent than its deterministic one (the manifest's,
/// of another piece size or made by a third party) also seeds that **source torrent**, in seed
/// mode, so that a node joining the fleet later finds seeders in the manifest's swarm.
public actor ImageSeeder: TorrentCatalog {
    /// The daemon's swarm session (started by the caller).
    public nonisolated let session: SwarmSession
    /// Where the held images are read from.
    public nonisolated let store: CatalogStore
    public nonisolated let repository: Repository
    public nonisolated let cache: TorrentCache
    /// The fleet: every torrent is told about its peers when added, and about each peer that
    /// joins later (``connect(_:)``).
    public nonisolated let fleet: any FleetMembership
    public nonisolated let logger: Logger
    /// `host:port` peers reach this node's swarm at, when it listens on one address.
    public private(set) var advertisedAddress: String?
    /// By repository path.
    private var seeded: [String: SeededImage] = [:]
    /// The source torrents seeded beside, by repository path.
    private var seededSources: [String: TorrentID] = [:]
    /// Paths whose source torrent the session still holds from the download (``SwarmHandover``):
    /// added again at the next refresh.
    private var sourcesInHandover: Set<String> = []
    /// The peers every seeded torrent has been told about.
    private var announcedPeers: Set<String> = []

    public init(
        session: SwarmSession, store: CatalogStore, repository: Repository, cache: TorrentCache,
        fleet: any FleetMembership, logger: Logger
    ) {
        self.session = session
        self.store = store
        self.repository = repository
        self.cache = cache
        self.fleet = fleet
        self.logger = logger
    }

    /// Notes where peers can reach the session (after it started).
    public func setAdvertisedAddress(_ address: String?) { advertisedAddress = address }

    /// True while a refresh runs; another one asked meanwhile sets ``refreshAgain`` instead of
    /// running alongside it (the actor is reentrant at every `await`: two refreshes would add the
    /// same torrent twice).
    private var refreshing = false
    private var refreshAgain = false

    /// Adds the torrents of images not yet seeded, removes those of images gone or changed. A call
    /// while a refresh runs makes that one go round once more, and returns at once.
    public func refresh() async {
        guard !refreshing else {
            refreshAgain = true
            return
        }
        refreshing = true
        defer { refreshing = false }
        repeat {
            refreshAgain = false
            await refreshOnce()
        } while refreshAgain
    }

    private func refreshOnce() async {
        let images: [StoredImage]
        do { images = try store.images() } catch {
            logger.error("seeding: cannot read the images: \(error)")
            return
        }
        var wanted: [String: StoredImage] = [:]
        for image in images where image.state == .present && image.sha256 != nil { wanted[image.path] = image }
        for (path, entry) in seeded where wanted[path]?.sha256 != entry.sha256 {
            seeded[path] = nil
            for torrent in [entry.torrent] + [seededSources.removeValue(forKey: path)].compactMap({ $0 }) {
                do { try await session.remove(torrent) } catch {
                    logger.warning("seeding: cannot remove a torrent of \(path): \(error.message)")
                }
            }
            logger.info("seeding stopped for \(path) (no longer held as it was)")
        }
        for path in wanted.keys.sorted() where seeded[path] == nil {
            guard let image = wanted[path], let sha256 = image.sha256 else { continue }
            await seed(image, sha256: sha256)
        }
        for path in sourcesInHandover.sorted() {
            sourcesInHandover.remove(path)
            guard let image = wanted[path], let entry = seeded[path] else { continue }
            await seedSource(of: image, besides: entry.infoHashes)
        }
    }

    /// Adds one image's torrent to the session.
    private func seed(_ image: StoredImage, sha256: String) async {
        let absolute = repository.absolutePath(of: image.path)
        let fileName = (image.path as NSString).lastPathComponent
        var options = AddOptions(savePath: (absolute as NSString).deletingLastPathComponent)
        let snapshot = await fleet.snapshot()
        options.peers = snapshot.peers
        let data: Data
        let hashes: InfoHashes
        if let cached = cache.cached(sha256: sha256, fileName: fileName, size: image.size) {
            (data, hashes) = cached
            options.seedMode = true
            logger.info("seeding: torrent cache hit for \(image.path) (\(hashes.primary))")
        } else {
            let cache = cache
            let size = image.size
            let created = await OffPool.run("isofleet-seed-torrent") { () -> Result<CreatedTorrent, SwarmError> in
                do throws(SwarmError) {
                    return .success(try cache.create(absolutePath: absolute, sha256: sha256, size: size))
                } catch { return .failure(error) }
            }
            switch created {
            case .success(let torrent):
                (data, hashes) = (torrent.data, torrent.infoHashes)
                options.piecesVerified = true  // hashed a moment ago by TorrentCreator
                logger.info("seeding: created torrent for \(image.path) (\(hashes.primary))")
            case .failure(let error):
                logger.error("seeding: cannot create the torrent of \(image.path): \(error.message)")
                return
            }
        }
        do {
            let id = try await session.add(.torrentFile(data), options: options)
            seeded[image.path] = SeededImage(
                path: image.path, sha256: sha256, torrent: id, infoHashes: hashes, torrentFile: data)
        } catch  where error.code == .duplicateTorrent {
            // Its download still seeds (a handover): this is tried again when that ends.
            logger.info("seeding: \(image.path) still seeds from its download; seeded from the repository next")
            return
        } catch {
            logger.error("seeding: cannot add the torrent of \(image.path): \(error.message)")
            return
        }
        await seedSource(of: image, besides: hashes)
    }

    /// Adds the torrent `image` was downloaded with, when it is not the one seeded (`hashes`).
    private func seedSource(of image: StoredImage, besides hashes: InfoHashes) async {
        let absolute = repository.absolutePath(of: image.path)
        guard let sha256 = image.sha256,
            let source = cache.source(
                sha256: sha256, fileName: (image.path as NSString).lastPathComponent, size: image.size),
            source.hashes != hashes
        else { return }
        var options = AddOptions(savePath: (absolute as NSString).deletingLastPathComponent)
        options.peers = await fleet.snapshot().peers
        options.seedMode = true
        do {
            seededSources[image.path] = try await session.add(.torrentFile(source.data), options: options)
            logger.info("seeding: also the swarm \(image.path) came from (\(source.hashes.primary))")
        } catch  where error.code == .duplicateTorrent {
            sourcesInHandover.insert(image.path)
        } catch {
            logger.warning("seeding: cannot add the source torrent of \(image.path): \(error.message)")
        }
    }

    /// Tells every seeded torrent about the peers of `snapshot` it was not told about yet (a node
    /// that joined the fleet). Peers that left are simply no longer dialled again.
    public func connect(_ snapshot: FleetSnapshot) async {
        let joined = Set(snapshot.peers).subtracting(announcedPeers)
        announcedPeers = Set(snapshot.peers)
        guard !joined.isEmpty else { return }
        let endpoints = joined.sorted().compactMap { HostPort(parsing: $0) }
        logger.info("seeding: telling \(seeded.count) torrent(s) about \(joined.sorted().joined(separator: ","))")
        let torrents = seeded.values.map { ($0.path, $0.torrent) } + seededSources.map { ($0.key, $0.value) }
        for (path, torrent) in torrents {
            for peer in endpoints {
                do { try await session.connectPeer(torrent, host: peer.host, port: peer.port) } catch {
                    logger.warning("seeding: cannot connect \(path) to \(peer): \(error.message)")
                }
            }
        }
    }

    /// The paths and SHA-256 of the images seeded now.
    public func seededImages() -> [(path: String, sha256: String)] {
        seeded.values.map { ($0.path, $0.sha256) }.sorted { $0.path < $1.path }
    }

    public func torrentFile(infoHash: String) async throws -> [UInt8]? {
        let hash = infoHash.lowercased()
        return seeded.values.first { $0.infoHashes.v1 == hash || $0.infoHashes.v2 == hash }.map {
            [UInt8]($0.torrentFile)
        }
    }

    public func infoHash(forPath path: String) async -> String? {
        seeded[path]?.infoHashes.primary
    }

    public func magnet(forPath path: String) async -> String? {
        guard let entry = seeded[path], let metadata = try? TorrentMetadata(torrentFile: entry.torrentFile) else {
            return nil
        }
        var parts: [String] = []
        if let v1 = metadata.infoHashes.v1 { parts.append("xt=urn:btih:\(v1)") }
        if let v2 = metadata.infoHashes.v2 { parts.append("xt=urn:btmh:1220\(v2)") }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:[]"))
        if let name = metadata.name {
            parts.append("dn=\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)")
        }
        if let advertisedAddress { parts.append("x.pe=\(advertisedAddress)") }
        return "magnet:?" + parts.joined(separator: "&")
    }

    public func seedingFigures() async -> [String: SeedingFigures] {
        var figures: [String: SeedingFigures] = [:]
        for (path, entry) in seeded {
            guard let status = try? await session.status(of: entry.torrent) else { continue }
            figures[path] = SeedingFigures(
                infoHash: entry.infoHashes.primary, uploadedBytes: status.allTimeUpload,
                uploadRate: status.payloadUploadRate, peers: status.peers)
        }
        return figures
    }
}
