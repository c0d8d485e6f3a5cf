import Fetch
import Foundation
import Node

/// The fleet as the page and `GET /api/v1/fleet` show it: the membership's peers, each asked for
/// its `/api/v1/images` on `fleet.web_port` concurrently with a short timeout. The answer is cached
/// for a few seconds (``RecentValue``) so that a busy page does not ask the whole fleet on every
/// load, and concurrent callers share one round of questions.
struct FleetView: Sendable {
    let membership: any FleetMembership
    let webPort: Int
    let timeout: Duration
    private let recent: RecentValue<FleetJSON>

    init(membership: any FleetMembership, webPort: Int, cacheLifetime: Duration = .seconds(5), timeout: Duration = .seconds(2)) {
        self.membership = membership
        self.webPort = webPort
        self.timeout = timeout
        recent = RecentValue(lifetime: cacheLifetime) {
            await Self.ask(membership: membership, webPort: webPort, timeout: timeout)
        }
    }

    /// The fleet, asked again when the cached answer is older than the cache lifetime.
    func fleet() async -> FleetJSON { await recent.value() }

    private static func ask(membership: any FleetMembership, webPort port: Int, timeout: Duration) async -> FleetJSON {
        let snapshot = await membership.snapshot()
        let downloader = ManifestDownloader(
            settings: FetchSettings(
                connectTimeout: timeout, lowSpeedLimit: 1, lowSpeedTime: timeout,
                retry: RetryPolicy(maxAttemptsPerMirror: 1), directIO: false))
        let peers = await withTaskGroup(of: FleetPeerJSON.self) { group in
            for peer in snapshot.peers {
                group.addTask { await Self.ask(peer: peer, webPort: port, downloader: downloader) }
            }
            var answers: [FleetPeerJSON] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.peer < $1.peer }
        }
        return FleetJSON(selfAddress: snapshot.selfAddress, checked: Date(), peers: peers)
    }

    /// `http://HOST:webPort` for the swarm endpoint `peer` (`host:port`, `[v6]:port`).
    static func webURL(of peer: String, webPort: Int) -> String {
        var host = peer
        if let colon = peer.lastIndex(of: ":"), !peer.hasSuffix("]") { host = String(peer[..<colon]) }
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        return "http://\(host):\(webPort)"
    }

    private static func ask(peer: String, webPort: Int, downloader: ManifestDownloader) async -> FleetPeerJSON {
        let base = webURL(of: peer, webPort: webPort)
        var answer = FleetPeerJSON(peer: peer, webURL: base, reachable: false)
        guard let url = URL(string: base + "/api/v1/images") else {
            answer.error = "'\(peer)' is not host:port"
            return answer
        }
        do {
            guard case .fetched(let body, _, _) = try await downloader.fetch(url) else {
                answer.error = "no body"
                return answer
            }
            answer.reachable = true
            do {
                answer.images = try JSONDecoder().decode([FleetImageJSON].self, from: body).filter { $0.state == "present" }
            } catch {
                answer.error = "its /api/v1/images is not the image list: \(DecodingProblem.describe(error))"
            }
        } catch {
            answer.error = error.description
        }
        return answer
    }
}
