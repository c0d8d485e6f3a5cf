internal import CFileIO
import Common
import Digest
import Foundation
import Swarm
import Synchronization

/// The SHA-256 of the file a single-file torrent is downloading, computed while it downloads, so
/// that a finished download is verified in the time it takes to read its last pieces instead of
/// the whole file again (8 nodes on 2 cores spent about 3 s doing that for 512 MiB).
///
/// ``run()`` looks at the torrent every ``pollInterval`` and hashes the file from where it stopped
/// up to the end of the run of verified pieces at the front, as that run stood at the previous
/// look: libtorrent may report a piece verified a moment before its bytes reach the file. Origin
/// stripes make a fleet fill its images front to back (``OriginPiecePlanner``), so the hash keeps
/// up with the download.
///
/// What it has hashed it also starts writing to disk (`sync_file_range`), so that the fsync
/// before placement finds little left: with 8 nodes finishing together it took up to a second.
///
/// The result is a shortcut, never a verdict on its own: ``finish(file:size:expected:)`` reads the
/// rest, and when that digest is not the expected one, hashes the whole file again and returns
/// what that says. A piece read too early costs a second pass, never a wrong answer.
final class SwarmFileDigest: Sendable {
    let session: SwarmSession
    let torrent: TorrentID
    /// The torrent's save directory: the file is `directory/<torrent name>`.
    let directory: String
    let pollInterval: Duration
    /// The most bytes one blocking step reads, so a cancelled run stops soon.
    static let stepBytes: Int64 = 64 << 20

    private struct State: ~Copyable {
        var hasher: SHA256? = SHA256()
        var hashedBytes: Int64 = 0
        /// A read failed or came up short: only a whole-file pass can tell the digest.
        var broken = false
    }
    private let state = Mutex(State())

    init(session: SwarmSession, torrent: TorrentID, directory: String, pollInterval: Duration = .milliseconds(500)) {
        self.session = session
        self.torrent = torrent
        self.directory = directory
        self.pollInterval = pollInterval
    }

    /// Bytes hashed so far, from the start of the file.
    var hashedBytes: Int64 { state.withLock { $0.hashedBytes } }

    /// Follows the download until the task is cancelled.
    func run() async {
        var settledPieces = 0
        while !Task.isCancelled {
            if let status = try? await session.status(of: torrent), status.hasMetadata,
                !status.name.isEmpty, !status.name.contains("/"),
                let map = try? await session.pieceMap(of: torrent)
            {
                let file = directory + "/" + status.name
                let end = min(Int64(settledPieces) * Int64(status.pieceSize), status.totalSize)
                while !Task.isCancelled, hashedBytes < end {
                    let stepEnd = min(end, hashedBytes + Self.stepBytes)
                    guard await OffPool.run("isofleet-swarm-hash", { self.hash(file, upTo: stepEnd) }) else { return }
                }
                settledPieces = map.have.firstIndex(of: false) ?? map.count
            }
            if (try? await Task.sleep(for: pollInterval)) == nil { return }
        }
    }

    /// The SHA-256 of the finished `file` of `size` bytes: the rest of it is hashed now; when the
    /// digest is not `expected`, the whole file is hashed again and that digest returned.
    func finish(file: String, size: Int64, expected: String) async -> Result<String, FileDigestError> {
        let quick = await OffPool.run("isofleet-swarm-hash") { () -> String? in
            guard self.hash(file, upTo: size) else { return nil }
            return self.state.withLock { $0.broken ? nil : $0.hasher.take()?.finalize() }
        }
        if let quick, quick == expected.lowercased() { return .success(quick) }
        return await OffPool.run("isofleet-swarm-hash") {
            Result { () throws(FileDigestError) in try FileDigest.sha256(ofFileAt: file) }
        }
    }

    /// Hashes `file` from where the digest stands up to `end`; false once the digest is broken.
    func hash(_ file: String, upTo end: Int64) -> Bool {
        state.withLock { state in
            guard !state.broken, state.hashedBytes < end else { return !state.broken }
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                state.broken = true
                return false
            }
            let start = state.hashedBytes
            defer {
                _ = ifio_start_writeback(descriptor, start, state.hashedBytes - start)
                close(descriptor)
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileDigest.blockSize, alignment: 4096)
            defer { buffer.deallocate() }
            while state.hashedBytes < end {
                let wanted = Int(min(Int64(buffer.count), end - state.hashedBytes))
                let count = pread(descriptor, buffer.baseAddress, wanted, off_t(state.hashedBytes))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    state.broken = true
                    return false
                }
                state.hasher?.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                state.hashedBytes += Int64(count)
            }
            return true
        }
    }
}
