import Digest
import Foundation
import Swarm
import TestSupport
import Testing

/// Helpers the swarm tests share: sessions on loopback with a free port, seeding a generated
/// image, waiting for completion with a deadline.
enum SwarmTestSupport {
    /// A running session listening on 127.0.0.1 with a port the kernel chose.
    static func session(resumeDirectory: String? = nil) async throws -> SwarmSession {
        let session = SwarmSession(
            settings: SwarmSettings(listen: "127.0.0.1:0"),
            resumeStore: resumeDirectory.map { ResumeStore(directory: $0) })
        try await session.start()
        return session
    }

    /// `127.0.0.1:PORT` of a running session.
    static func address(of session: SwarmSession) async throws -> String {
        "127.0.0.1:\(try await session.listenPort())"
    }

    /// Writes a deterministic image of `size` bytes, creates its torrent and seeds it.
    static func seed(
        in directory: TemporaryDirectory, name: String = "image.iso", size: Int, seed: UInt64 = 1,
        pieceSize: Int = 64 << 10, mode: TorrentMode = .hybrid, uploadLimit: Int = 0
    ) async throws -> (session: SwarmSession, torrent: CreatedTorrent, path: String) {
        let path = try ImageGenerator.write(to: directory.appending("seed/\(name)"), seed: seed, size: size)
        let torrent = try TorrentCreator.create(file: path, pieceSize: pieceSize, mode: mode)
        let session = try await session()
        var options = AddOptions(savePath: directory.appending("seed"))
        options.seedMode = true
        options.uploadLimit = uploadLimit
        _ = try await session.add(.torrentFile(torrent.data), options: options)
        return (session, torrent, path)
    }

    /// Waits until `torrent` is complete, failing the test after `timeout`.
    static func waitUntilFinished(
        _ session: SwarmSession, _ torrent: TorrentID, timeout: Duration = .seconds(30)
    ) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await session.waitUntilFinished(torrent)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            if !finished {
                let status = try await session.status(of: torrent)
                throw SwarmError(.timeout, "torrent not finished after \(timeout): \(status.state) \(status.progress)")
            }
        }
    }

    /// The first event from `events` that `match` accepts, or an error after `timeout`.
    static func firstEvent(
        in events: AsyncStream<SwarmEvent>, timeout: Duration = .seconds(20),
        where match: @escaping @Sendable (SwarmEvent) -> Bool
    ) async throws -> SwarmEvent {
        try await withThrowingTaskGroup(of: SwarmEvent?.self) { group in
            group.addTask {
                for await event in events where match(event) { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let event = try await group.next() ?? nil
            group.cancelAll()
            guard let event else { throw SwarmError(.timeout, "no matching event within \(timeout)") }
            return event
        }
    }

    /// The SHA-256 of a file.
    static func sha256(_ path: String) throws -> String { try FileDigest.sha256(ofFileAt: path) }
}
