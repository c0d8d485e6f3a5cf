public import Foundation
public import Common
import Fetch
public import WireTypes

/// What the other nodes hold, as their `GET /api/v1/images` says (on `fleet.web_port`). A
/// draining node keeps seeding the images no peer holds yet; the page's fleet view shows each
/// peer's images.
public struct PeerHoldings: Sendable {
    /// The peers' web port (`fleet.web_port`).
    public let webPort: UInt16
    /// How long one peer may take to answer.
    public let timeout: Duration

    /// Asks peers on `webPort`.
    public init(webPort: UInt16, timeout: Duration = .seconds(5)) {
        self.webPort = webPort
        self.timeout = timeout
    }

    /// How many of `peers` (`host:port` of their swarm) answered, and the SHA-256 of every image
    /// those hold. A peer that does not answer, or answers something else than the image list,
    /// is not counted.
    public func holdings(of peers: [String]) async -> (answered: Int, sha256s: Set<String>) {
        let answers = await self.answers(of: peers)
        let reachable = answers.compactMap(\.images)
        return (reachable.count, Set(reachable.joined().compactMap(\.sha256)))
    }

    /// Each of `peers` asked at once, sorted by peer: what it holds `present`, or why it did not say.
    public func answers(of peers: [String]) async -> [FleetPeerJSON] {
        await withTaskGroup(of: FleetPeerJSON.self) { group in
            for peer in peers {
                group.addTask { await self.answer(of: peer) }
            }
            var answers: [FleetPeerJSON] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.peer < $1.peer }
        }
    }

    /// `http://HOST:webPort` for the swarm endpoint `peer` (`host:port`, `[v6]:port`), nil when
    /// it is not one.
    public func webURL(of peer: String) -> String? {
        guard let endpoint = HostPort(parsing: peer) else { return nil }
        return "http://\(HostPort(host: endpoint.host, port: webPort))"
    }

    /// What `peer` (its swarm endpoint) holds `present`, or why it did not answer.
    public func answer(of peer: String) async -> FleetPeerJSON {
        guard let base = webURL(of: peer), let url = URL(string: base + "/api/v1/images") else {
            return FleetPeerJSON(peer: peer, webURL: "", reachable: false, error: "'\(peer)' is not host:port")
        }
        var answer = FleetPeerJSON(peer: peer, webURL: base, reachable: false)
        let exchange = HTTPExchange(method: "GET", url: url, timeout: timeout, maxBytes: 64 << 20)
        do {
            let response = try await exchange.send()
            guard response.status == 200 else {
                answer.error = "\(url.absoluteString): HTTP \(response.status)"
                return answer
            }
            answer.reachable = true
            do {
                answer.images = try WireJSON.decoder.decode([ImageJSON].self, from: response.body)
                    .filter { $0.state == "present" }
            } catch {
                answer.error = "its /api/v1/images is not the image list: \(DecodingProblem.describe(error))"
            }
        } catch {
            answer.error = error.description
        }
        return answer
    }
}
