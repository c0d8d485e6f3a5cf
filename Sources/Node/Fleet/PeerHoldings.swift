import Foundation

/// What the other nodes hold, as their `GET /api/v1/images` says (on `fleet.web_port`): the
/// SHA-256 of every image they hold `present`. A draining node keeps seeding the images no peer
/// holds yet.
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
        await withTaskGroup(of: Set<String>?.self) { group in
            for peer in peers.compactMap({ FleetPeer(parsing: $0) }) {
                group.addTask { await self.sha256s(of: peer) }
            }
            var answered = 0
            var all: Set<String> = []
            for await held in group {
                guard let held else { continue }
                answered += 1
                all.formUnion(held)
            }
            return (answered, all)
        }
    }

    /// The images `peer` holds, nil when it cannot tell.
    public func sha256s(of peer: FleetPeer) async -> Set<String>? {
        let host = peer.host.contains(":") ? "[\(peer.host)]" : peer.host
        guard let url = URL(string: "http://\(host):\(webPort)/api/v1/images") else { return nil }
        let exchange = HTTPExchange(method: "GET", url: url, timeout: timeout, maxBytes: 16 << 20)
        guard let response = try? await BlockingCall.run(name: "isofleet-peer-images", { () throws(DiscoveryError) in
            try exchange.perform()
        }), response.status == 200,
            let images = try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]
        else { return nil }
        return Set(images.compactMap { image in
            image["state"] as? String == "present" ? image["sha256"] as? String : nil
        })
    }
}
