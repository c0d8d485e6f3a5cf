import Foundation
public import Logging
public import ServiceLifecycle
public import Swarm

/// Logs what an operator needs to know about the swarm's integrity as it happens: a piece that
/// failed its hash check (a peer sent bytes the torrent does not describe; libtorrent fetches it
/// again) and a peer libtorrent banned for it. Quiet otherwise; ends with the session or the group.
public struct SwarmTroubleLog: Service, CustomStringConvertible {
    public let session: SwarmSession
    public let logger: Logger

    public init(session: SwarmSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "SwarmTroubleLog" }

    public func run() async throws {
        let events = await session.events()
        await cancelWhenGracefulShutdown {
            for await event in events {
                if let line = Self.line(for: event) { logger.warning("\(line)") }
            }
        }
    }

    /// Whether a disconnection is libtorrent banning the peer: it disconnects a peer it bans for
    /// bad data with "too many corrupt pieces" (2.0.8, `torrent::piece_failed`), one it refuses
    /// later with "banned by IP filter".
    static func isBan(_ reason: String) -> Bool {
        let reason = reason.lowercased()
        return reason.contains("corrupt pieces") || reason.contains("banned")
    }

    /// The log line for `event`, or nil for what is routine.
    static func line(for event: SwarmEvent) -> String? {
        switch event {
        case .hashFailed(let torrent, let piece):
            return "torrent \(torrent): piece \(piece) failed its hash check; fetching it again"
        case .peerDisconnected(let torrent, let peer, let reason) where isBan(reason):
            return "torrent \(torrent): banned peer \(peer) (\(reason))"
        default:
            return nil
        }
    }
}
