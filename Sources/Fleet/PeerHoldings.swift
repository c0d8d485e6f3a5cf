import Common
import Fetch
import Foundation
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
        await withTaskGroup(of: [ImageJSON.Holding]?.self) { group in
            for peer in peers {
                group.addTask { try? await self.images(of: peer, as: ImageJSON.Holding.self) }
            }
            var answered = 0
            var all: Set<String> = []
            for await held in group {
                guard let held else { continue }
                answered += 1
                all.formUnion(held.filter { $0.state == "present" }.compactMap(\.sha256))
            }
            return (answered, all)
        }
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
        guard let base = webURL(of: peer) else {
            return FleetPeerJSON(peer: peer, webURL: "", reachable: false, error: "'\(peer)' is not host:port")
        }
        var answer = FleetPeerJSON(peer: peer, webURL: base, reachable: false)
        do {
            answer.images = try await images(of: peer, as: ImageJSON.self).filter { $0.state == "present" }
            answer.reachable = true
        } catch .unreadable(let problem) {
            answer.reachable = true
            answer.error = problem
        } catch {
            answer.error = error.message
        }
        return answer
    }

    /// Why a peer's image list could not be had.
    enum Failure: Error {
        /// No answer, or not a 200.
        case unreachable(String)
        /// An answer that is not the image list.
        case unreadable(String)

        var message: String {
            switch self {
            case .unreachable(let message), .unreadable(let message): message
            }
        }
    }

    /// `peer`'s `/api/v1/images`, each image decoded as `Image`.
    private func images<Image: Decodable>(of peer: String, as: Image.Type) async throws(Failure) -> [Image] {
        guard let base = webURL(of: peer), let url = URL(string: base + "/api/v1/images") else {
            throw .unreachable("'\(peer)' is not host:port")
        }
        let response: HTTPExchange.Response
        do {
            response = try await HTTPExchange(method: "GET", url: url, timeout: timeout, maxBytes: 64 << 20).send()
        } catch {
            throw .unreachable(error.description)
        }
        guard response.status == 200 else { throw .unreachable("\(url.absoluteString): HTTP \(response.status)") }
        do {
            return try WireJSON.decoder.decode([Image].self, from: response.body)
        } catch {
            throw .unreadable("its /api/v1/images is not the image list: \(DecodingProblem.describe(error))")
        }
    }
}
