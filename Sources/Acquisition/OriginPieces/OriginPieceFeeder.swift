public import Common
public import Fetch
public import Foundation
public import Swarm
import Synchronization

/// Takes from the origin the pieces of a downloading torrent that no fleet peer can give (as
/// ``OriginPiecePlanner`` chooses them), with HTTP byte ranges, and feeds each into the torrent
/// (`add_piece`): libtorrent checks it against the torrent's piece hash, writes it, and announces
/// it, so the peers take it from this node instead of from the origin.
///
/// - **Grace**: origin requests start once every other fleet member has been connected for
///   ``fleetGrace``, or a peer for ``peerGrace`` (their bitfields have arrived), or after
///   ``startDelay`` with no peer at all, so a node joining a fleet that already holds the image
///   takes nothing from the origin.
/// - **Impatience**: another member's front (see ``OriginPiecePlanner``) is left to it: its owner
///   is fetching it, unless it left. Once the planner has found nothing for ``ownerPatience`` (at
///   least twice this feeder's last request), the next member's front may be taken, after twice
///   that the next two members', and so on, so that one helper, not all, takes over.
/// - **Late joiners**: a node whose peers already hold a fifth of the image when its gate opens
///   joined a fan-out under way; it takes nothing from the origin while what it can get from
///   peers keeps growing, for at most ``followPatience`` without growth (``OriginFeedFollower``).
/// - **Bad bytes**: a fed piece that is not verified within ``verifyTimeout`` counts as a failure;
///   the third failure of one piece stops the feeder (the origin serves other bytes than the
///   torrent describes). Mirrors are tried in order; when all fail the feeder stops and the swarm
///   goes on alone (its stall timeout still applies).
/// - Only single-file torrents whose size matches the origin's file: piece `i` is bytes
///   `i × pieceSize ..< min((i + 1) × pieceSize, size)`.
public final class OriginPieceFeeder: Sendable {
    public let session: SwarmSession
    public let torrent: TorrentID
    /// The image's HTTP mirrors, tried in order.
    public let mirrors: [URL]
    /// This node's place in the fleet and the fleet's size (see ``OriginPiecePlanner``).
    public let rank: Int
    public let fleetSize: Int
    /// The most bytes one origin request asks for (whole pieces; at least one piece). Default 1 MiB:
    /// what another node cannot see yet while it is in flight, so what two nodes may both fetch.
    public let maxRunBytes: Int
    public let reader: RangeReader
    public let startDelay: Duration
    public let peerGrace: Duration
    public let fleetGrace: Duration
    public let ownerPatience: Duration
    public let followPatience: Duration
    public let verifyTimeout: Duration
    public let pollInterval: Duration
    private let fetched = Atomic<Int64>(0)
    private let activity = Mutex("not started")

    public init(
        session: SwarmSession, torrent: TorrentID, mirrors: [URL], rank: Int, fleetSize: Int,
        maxRunBytes: Int = 1 << 20, reader: RangeReader = RangeReader(), startDelay: Duration = .seconds(3),
        peerGrace: Duration = .milliseconds(300),
        fleetGrace: Duration = .milliseconds(200), ownerPatience: Duration = .seconds(1),
        followPatience: Duration = .seconds(10),
        verifyTimeout: Duration = .seconds(30), pollInterval: Duration = .milliseconds(50)
    ) {
        self.session = session
        self.torrent = torrent
        self.mirrors = mirrors
        self.rank = rank
        self.fleetSize = fleetSize
        self.maxRunBytes = maxRunBytes
        self.reader = reader
        self.startDelay = startDelay
        self.peerGrace = peerGrace
        self.fleetGrace = fleetGrace
        self.ownerPatience = ownerPatience
        self.followPatience = followPatience
        self.verifyTimeout = verifyTimeout
        self.pollInterval = pollInterval
    }

    /// Bytes received from the origin so far.
    public var bytesFromOrigin: Int64 { fetched.load(ordering: .relaxed) }

    /// What the feeder did last, for messages: `fetching pieces 12..<16`, `stopped: …`.
    public var lastActivity: String { activity.withLock { $0 } }

    private func note(_ text: String) { activity.withLock { $0 = text } }

    /// Feeds pieces until the torrent is complete (returns) or the task is cancelled (returns);
    /// throws when the origin cannot serve the torrent's bytes.
    public func run() async throws(AcquisitionError) {
        do { try await feed() } catch {
            note("stopped: \(error.message)")
            throw error
        }
    }

    private func feed() async throws(AcquisitionError) {
        var gate = OriginFeedGate(
            fleetSize: fleetSize, startDelay: startDelay, peerGrace: peerGrace, fleetGrace: fleetGrace)
        var patience = OriginFeedPatience(patience: ownerPatience)
        var follower = OriginFeedFollower(patience: followPatience)
        var started = false
        var progress = OriginFeedProgress()
        var pacing = OriginFeedPacing(minimumSpacing: pollInterval)
        var waiting: [Int: ContinuousClock.Instant] = [:]
        var failures: [Int: Int] = [:]
        var mirror = 0
        while !Task.isCancelled {
            let status: TorrentStatus
            do { status = try await session.status(of: torrent) } catch {
                throw AcquisitionError(.failed, "origin pieces: \(error.message)", cause: error)
            }
            let now = ContinuousClock.now
            let ready =
                status.hasMetadata && status.state != .checkingFiles && status.state != .checkingResumeData
                && gate.isOpen(peers: status.peers, at: now)
            guard ready, let map = try? await session.pieceMap(of: torrent) else {
                note(ready ? "cannot read the piece map" : "waiting for the metadata and the peers' bitfields")
                if !(await pause()) { return }
                continue
            }
            if map.isComplete { return }
            if !started {
                follower.start(with: map, pieceSize: status.pieceSize, at: now)
                started = true
            }
            if follower.shouldWait(map, peers: status.peers, at: now) {
                note("joined a fan-out under way: taking what the peers hold, nothing from the origin")
                if !(await pause()) { return }
                continue
            }
            try checkFed(&waiting, failures: &failures, map: map, now: now)
            if progress.record(map, at: now) { patience.sawProgress(at: now) }
            let rate = progress.bytesPerSecond(pieceSize: status.pieceSize)
            let window = OriginPiecePlanner.window(pieceSize: status.pieceSize, bytesPerSecond: rate)
            let planner = OriginPiecePlanner(
                rank: rank, fleetSize: fleetSize, maxRunPieces: maxRunBytes / max(1, status.pieceSize),
                window: pacing.window(
                    frontier: map.frontier, window: window,
                    spacing: OriginFeedPacing.spacing(pieceSize: status.pieceSize, bytesPerSecond: rate),
                    at: now))
            let impatience = patience.level(at: now, overtaken: Self.isFrontierOvertaken(map))
            guard let run = planner.nextRun(in: map, skipping: Set(waiting.keys), impatience: impatience) else {
                patience.foundNothing(at: now)
                let missing = map.have.lazy.filter { !$0 }.count
                note(
                    "nothing to fetch: \(missing) piece(s) missing, \(waiting.count) fed and unverified, "
                        + "the rest held by the \(status.peers) peer(s) or in their owners' hands")
                if !(await pause()) { return }
                continue
            }
            let pieceSize = Int64(status.pieceSize)
            let range =
                Int64(run.lowerBound) * pieceSize...(min(Int64(run.upperBound) * pieceSize, status.totalSize) - 1)
            note("fetching pieces \(run.lowerBound)..<\(run.upperBound) of \(map.count)")
            let requested = ContinuousClock.now
            let data: Data
            do { data = try await read(range, mirror: &mirror) } catch {
                if error.code == .cancelled { return }
                throw error
            }
            patience.found(atLevel: impatience, requestTook: ContinuousClock.now - requested)
            fetched.add(Int64(data.count), ordering: .relaxed)
            for piece in run {
                let offset = Int(Int64(piece - run.lowerBound) * pieceSize)
                let end = min(offset + Int(pieceSize), data.count)
                // A piece refused now (the torrent is re-checking) is planned again later.
                if (try? await session.addPiece(torrent, piece: piece, data: data.subdata(in: offset..<end))) != nil {
                    waiting[piece] = ContinuousClock.now
                }
            }
        }
    }

    /// True when a piece after the first one nobody can give already arrived here or at a peer.
    static func isFrontierOvertaken(_ map: PieceMap) -> Bool {
        map.have.indices[min(map.frontier + 1, map.count)...].contains(where: map.isReachable)
    }

    /// Drops fed pieces that are now verified; counts those still unverified after
    /// ``verifyTimeout`` as failures, and stops at a piece's third.
    private func checkFed(
        _ waiting: inout [Int: ContinuousClock.Instant], failures: inout [Int: Int], map: PieceMap,
        now: ContinuousClock.Instant
    ) throws(AcquisitionError) {
        for (piece, fedAt) in waiting {
            if map.have[piece] {
                waiting[piece] = nil
            } else if now - fedAt >= verifyTimeout {
                waiting[piece] = nil
                failures[piece, default: 0] += 1
                if failures[piece, default: 0] >= 3 {
                    throw AcquisitionError(
                        .failed,
                        "origin pieces: piece \(piece) from \(mirrors.map(\.absoluteString).joined(separator: ", ")) failed the torrent's hash check 3 times"
                    )
                }
            }
        }
    }

    /// `range` from the current mirror, moving on to the next one when it fails.
    private func read(_ range: ClosedRange<Int64>, mirror: inout Int) async throws(AcquisitionError) -> Data {
        var failures: [String] = []
        while mirror < mirrors.count {
            do { return try await reader.read(mirrors[mirror], range: range) } catch {
                if error.code == .cancelled || Task.isCancelled {
                    throw AcquisitionError(.cancelled, "origin pieces: cancelled")
                }
                failures.append(error.description)
                mirror += 1
            }
        }
        throw AcquisitionError(
            .failed,
            "origin pieces: no mirror serves bytes \(range.lowerBound)-\(range.upperBound): "
                + (failures.isEmpty ? "no mirror" : failures.joined(separator: "; ")))
    }

    /// Sleeps one poll interval; false when cancelled.
    private func pause() async -> Bool {
        (try? await Task.sleep(for: pollInterval)) != nil
    }
}
