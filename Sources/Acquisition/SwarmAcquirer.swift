public import Common
import Digest
public import Fetch
import Foundation
public import ISOCatalog
public import Swarm

/// Acquires an image from the fleet swarm (`sources.torrent`, else `sources.magnet`) through the
/// node's ``SwarmSession``: libtorrent checks every piece against the torrent's hashes, and the
/// manifest's SHA-256, when given, is checked on the finished file.
///
/// - **Peers** come from ``fleet`` when the acquisition starts and again every ``peerRefresh``.
/// - **Origin pieces**: when the image has HTTP mirrors, an ``OriginPieceFeeder`` runs beside the
///   swarm and takes from the origin only the pieces no peer can give, starting with this node's
///   stripes of the image (by its rank in the fleet), so that a fleet fetching together pulls each
///   byte from the origin about once (design §10). ``originPieces`` turns it off.
/// - The torrent downloads into its own directory beside the incomplete file
///   (`incomplete/NAME.part.swarm/<torrent name>`); the session's resume store lets a later run
///   continue it.
/// - **Stall**: when the bytes present do not grow for ``stallTimeout`` (no peer has the image,
///   metadata never arrives, the origin refuses ranges), the torrent's resume data is saved, it is
///   removed from the session (files kept) and the acquisition fails with `.stalled`, so the
///   policy's next acquirer (the HTTP origin) takes over.
/// - **Verification**: when the manifest gives a SHA-256, a ``SwarmFileDigest`` hashes the file
///   while it downloads; once finished only the rest is read (the whole file again only when that
///   digest disagrees with the manifest's).
/// - **Handover**: once finished and verified, the image is returned for placement at once
///   (``AcquiredImage/stillSeeding``: placed as a hard link), while its torrent goes on seeding to
///   connected peers that still lack pieces, for at most the ``handovers``' limit
///   (``SwarmHandover``). Seeding the placed image afterwards is the seeding service's job.
public struct SwarmAcquirer: ImageAcquirer {
    public let session: SwarmSession
    /// The fleet: peers every torrent is told about, and this node's rank for origin pieces.
    public let fleet: any FleetMembership
    /// Whether origin pieces feed the swarm (needs an http, s3, smb or nfs location). Default on.
    public let originPieces: Bool
    /// How often the fleet is read again during a download. Default 10 s.
    public let peerRefresh: Duration
    /// How long the download may make no progress before the origin takes over. Default 60 s.
    public let stallTimeout: Duration
    /// How often the download is looked at (completion, progress, stall) and the file hashed up
    /// to its verified front. Default 0.1 s: a node notices its download is complete within that
    /// (at 0.5 s, eight nodes of a 256 MiB fan-out each lost 0.25 s on average; docs/fleet-lab.md).
    public let pollInterval: Duration
    /// Finished torrents that go on seeding to connected peers that still lack pieces after their
    /// image is placed (10 s at most by default).
    public let handovers: SwarmHandover
    private let downloader: ManifestDownloader
    private let reader: RangeReader
    /// Places this node in the fleet when its own address is unknown (see ``FleetSnapshot/rank(fallbackSeed:)``).
    private let rankSeed: UInt64

    public init(
        session: SwarmSession, fleet: any FleetMembership, originPieces: Bool = true,
        stallTimeout: Duration = .seconds(60), pollInterval: Duration = .milliseconds(100),
        peerRefresh: Duration = .seconds(10), handovers: SwarmHandover = SwarmHandover(),
        downloader: ManifestDownloader = ManifestDownloader(allowsFileURLs: false),
        reader: RangeReader = RangeReader(), rankSeed: UInt64 = .random(in: 0...UInt64.max)
    ) {
        self.session = session
        self.fleet = fleet
        self.originPieces = originPieces
        self.stallTimeout = stallTimeout
        self.pollInterval = pollInterval
        self.peerRefresh = peerRefresh
        self.handovers = handovers
        self.downloader = downloader
        self.reader = reader
        self.rankSeed = rankSeed
    }

    public var kind: AcquisitionKind { .swarm }

    public func canAcquire(_ image: ManifestImage) -> Bool {
        image.sources.torrent != nil || image.sources.magnet != nil
    }

    public func acquire(
        _ image: ManifestImage, into destination: String,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> AcquiredImage {
        let source = try await torrentSource(for: image)
        let directory = destination + ".swarm"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw AcquisitionError(.io, "cannot create \(directory): \(error.localizedDescription)", cause: error)
        }
        let snapshot = await fleet.snapshot()
        var options = AddOptions(savePath: directory)
        options.peers = snapshot.peers
        let torrent: TorrentID
        do { torrent = try await session.add(source, options: options) } catch {
            throw AcquisitionError(.failed, "\(image.identity) over the swarm: \(error.message)", cause: error)
        }
        let feeder = originFeeder(for: image, torrent: torrent, fleet: snapshot)
        let feeding = Task { () -> String? in
            do throws(AcquisitionError) { try await feeder?.run() } catch { return error.message }
            return nil
        }
        let digest =
            image.sha256 == nil
            ? nil
            : SwarmFileDigest(session: session, torrent: torrent, directory: directory, pollInterval: pollInterval)
        let digesting = Task { await digest?.run() }
        let status: TorrentStatus
        do {
            status = try await follow(
                torrent, image: image, feeder: feeder, known: Set(snapshot.peers), progress: progress)
        } catch {
            feeding.cancel()
            digesting.cancel()
            _ = await (feeding.value, digesting.value)
            await keepForLater(torrent)
            throw error
        }
        feeding.cancel()
        digesting.cancel()
        _ = await digesting.value
        let notes = (await feeding.value).map { ["\($0); the swarm went on alone"] } ?? []
        let fromOrigin = feeder?.bytesFromOrigin ?? 0
        let (file, size, sha256, torrentFile) = try await verify(
            torrent, status: status, image: image, directory: directory, digest: digest)
        handovers.begin(torrent, infoHashes: status.infoHashes, directory: directory, session: session)
        return AcquiredImage(
            path: file, size: size, sha256: sha256, verified: true,
            source: fromOrigin > 0 ? "swarm+origin" : "swarm",
            bytesFromOrigin: fromOrigin, bytesFromSwarm: status.payloadDownloaded, resumedFromBytes: 0, notes: notes,
            torrentFile: torrentFile, stillSeeding: true)
    }

    /// Checks that the finished torrent is one file and hashes it (the rest of `digest`, or the
    /// whole file) while the torrent goes on seeding. Also returns the `.torrent` (nil when it
    /// cannot be exported), for the placed copy to seed. A file that fails is discarded with
    /// its torrent.
    private func verify(
        _ torrent: TorrentID, status: TorrentStatus, image: ManifestImage, directory: String, digest: SwarmFileDigest?
    ) async throws(AcquisitionError) -> (file: String, size: Int64, sha256: String, torrentFile: Data?) {
        let file = directory + "/" + status.name
        var info = stat()
        guard !status.name.isEmpty, !status.name.contains("/"), status.name != ".", status.name != ".." else {
            await drop(torrent, status: status)
            throw AcquisitionError(.failed, "\(image.identity): the torrent's name '\(status.name)' is not a file name")
        }
        guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            await drop(torrent, status: status)
            throw AcquisitionError(.failed, "\(image.identity): the torrent's content \(file) is not a single file")
        }
        let size = Int64(info.st_size)
        let hashing = Task { () -> Result<String, FileDigestError> in
            if let digest, let expected = image.sha256 {
                return await digest.finish(file: file, size: size, expected: expected)
            }
            return await OffPool.run("isofleet-swarm-hash") {
                Result { () throws(FileDigestError) in try FileDigest.sha256(ofFileAt: file) }
            }
        }
        let torrentFile = try? await session.torrentFile(of: torrent)
        let sha256: String
        do { sha256 = try await hashing.value.get() } catch {
            await drop(torrent, status: status)
            throw AcquisitionError(.io, "cannot hash \(file): \(error)", cause: error)
        }
        if let expected = image.sha256?.lowercased(), expected != sha256 {
            await drop(torrent, status: status)
            try? FileManager.default.removeItem(atPath: directory)
            throw AcquisitionError(
                .failed,
                "\(image.identity): the swarm's file hashes to \(sha256), the manifest says \(expected); discarded")
        }
        return (file, size, sha256, torrentFile)
    }

    /// Removes the finished torrent from the session (files kept) and forgets its resume data.
    private func drop(_ torrent: TorrentID, status: TorrentStatus) async {
        try? await session.remove(torrent)
        if let hashes = status.infoHashes { session.resumeStore?.remove(for: hashes) }
    }

    /// The feeder of origin pieces for `torrent`, when enabled and the image has an HTTP or
    /// remote-storage (s3, smb, nfs) location.
    private func originFeeder(for image: ManifestImage, torrent: TorrentID, fleet: FleetSnapshot) -> OriginPieceFeeder?
    {
        // HTTP mirrors first, then S3, SMB and NFS (RangeReader reads them all). Never `file`
        // sources: StorageAcquirer alone checks those against the allowed roots.
        let sources = image.sources
        let mirrors = (sources.http + sources.s3 + sources.smb + sources.nfs).compactMap(URL.init(string:))
        guard originPieces, !mirrors.isEmpty else { return nil }
        return OriginPieceFeeder(
            session: session, torrent: torrent, mirrors: mirrors, rank: fleet.rank(fallbackSeed: rankSeed),
            fleetSize: fleet.size, reader: reader)
    }

    /// Saves the torrent's resume data (when it has metadata; at most 10 s) and removes it from the
    /// session, keeping its files for a later run.
    private func keepForLater(_ torrent: TorrentID) async {
        if let status = try? await session.status(of: torrent), status.hasMetadata {
            let session = session
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await session.saveResumeData(for: torrent) }
                group.addTask { try? await Task.sleep(for: .seconds(10)) }
                await group.next()
                group.cancelAll()
            }
        }
        try? await session.remove(torrent)
    }

    /// Removes the torrent's download directory (`DESTINATION.swarm`), at once or, while its
    /// torrent still seeds after placement, when the handover ends.
    public func discardLeftovers(for destination: String) {
        handovers.discard(directory: destination + ".swarm")
    }

    /// Polls the torrent until it is finished (flushed, resume data saved); throws `.stalled` when
    /// it makes no progress for ``stallTimeout``, `.cancelled` when the task is cancelled.
    private func follow(
        _ torrent: TorrentID, image: ManifestImage, feeder: OriginPieceFeeder?, known: Set<String>,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> TorrentStatus {
        var lastDone: Int64 = -1
        var lastChange = ContinuousClock.now
        var known = known
        var lastPeerRefresh = ContinuousClock.now
        while true {
            if Task.isCancelled { throw AcquisitionError(.cancelled, "\(image.identity): cancelled") }
            let status: TorrentStatus
            do { status = try await session.status(of: torrent) } catch {
                throw AcquisitionError(.failed, "\(image.identity) over the swarm: \(error.message)", cause: error)
            }
            if let error = status.error {
                throw AcquisitionError(.failed, "\(image.identity) over the swarm: \(error)")
            }
            if status.hasMetadata, let problem = Self.sizeProblem(torrentSize: status.totalWanted, image: image) {
                throw AcquisitionError(.failed, "\(image.identity) over the swarm: \(problem)")
            }
            let fromOrigin = feeder?.bytesFromOrigin ?? 0
            progress(
                AcquisitionProgress(
                    bytesDone: status.totalDone, totalBytes: status.hasMetadata ? status.totalWanted : image.size,
                    bytesPerSecond: Double(status.payloadDownloadRate), bytesFromOrigin: fromOrigin,
                    bytesFromSwarm: status.payloadDownloaded,
                    source: "swarm (\(status.peers) peer(s))" + (fromOrigin > 0 ? " + origin pieces" : "")))
            if status.hasMetadata, status.totalDone >= status.totalWanted, status.totalWanted > 0 {
                do { try await session.waitUntilFinished(torrent) } catch {
                    throw AcquisitionError(.failed, "\(image.identity) over the swarm: \(error)", cause: error)
                }
                return (try? await session.status(of: torrent)) ?? status
            }
            let now = ContinuousClock.now
            if now - lastPeerRefresh >= peerRefresh {
                lastPeerRefresh = now
                known = await connectNewPeers(torrent, known: known)
            }
            if status.totalDone != lastDone {
                lastDone = status.totalDone
                lastChange = now
            } else if now - lastChange >= stallTimeout {
                throw AcquisitionError(
                    .stalled,
                    "\(image.identity): the swarm made no progress for \(stallTimeout) "
                        + "(\(status.peers) peer(s), \(status.hasMetadata ? "metadata known" : "no metadata"), "
                        + "\(status.piecesDone)/\(status.pieceCount) pieces"
                        + (feeder.map { "; origin pieces: \($0.bytesFromOrigin) bytes, \($0.lastActivity)" } ?? "")
                        + ")")
            }
            do { try await Task.sleep(for: pollInterval) } catch {
                throw AcquisitionError(.cancelled, "\(image.identity): cancelled")
            }
        }
    }

    /// Why a torrent of `torrentSize` bytes cannot be the image, as soon as its metadata is known
    /// (issue 15, item 7: every fetch bounded): another size than the manifest's, or without one
    /// more than the default `fetch.max_size`. Nil when it may be.
    static func sizeProblem(torrentSize: Int64, image: ManifestImage) -> String? {
        if let size = image.size, torrentSize != size {
            return "the torrent holds \(torrentSize) bytes, the manifest says \(size)"
        }
        if image.size == nil, torrentSize > FetchSettings.defaultMaxSize {
            return "the torrent holds \(torrentSize) bytes, "
                + "more than fetch.max_size (\(FetchSettings.defaultMaxSize) bytes)"
        }
        return nil
    }

    /// Tells the torrent about fleet members that joined since `known`; returns the set now known.
    private func connectNewPeers(_ torrent: TorrentID, known: Set<String>) async -> Set<String> {
        let peers = await fleet.snapshot().peers
        for peer in peers where !known.contains(peer) {
            if let endpoint = HostPort(parsing: peer) {
                try? await session.connectPeer(torrent, host: endpoint.host, port: endpoint.port)
            }
        }
        return known.union(peers)
    }

    /// The .torrent (fetched from `sources.torrent`) or the magnet.
    private func torrentSource(for image: ManifestImage) async throws(AcquisitionError) -> TorrentSource {
        if let url = image.sources.torrent.flatMap(URL.init(string:)) {
            do {
                if case .fetched(let data, _, _) = try await downloader.fetch(url) { return .torrentFile(data) }
            } catch {
                if image.sources.magnet == nil {
                    throw AcquisitionError(
                        .failed, "\(image.identity): cannot fetch its torrent \(url.absoluteString): \(error)")
                }
            }
        }
        if let magnet = image.sources.magnet { return .magnet(MagnetTrackers.filter(magnet).magnet) }
        throw AcquisitionError(.unsupported, "\(image.identity): the manifest gives no torrent or magnet")
    }
}
