import Foundation

/// One fleet peer as `GET /api/v1/fleet` and the page show it: its swarm endpoint, the URL of its
/// web server, and either what it holds or why it did not answer.
struct FleetPeerJSON: Codable, Sendable, Equatable {
    /// The peer's BitTorrent endpoint, `host:port`, as the fleet membership names it.
    var peer: String
    /// `http://host:fleet.web_port`.
    var webURL: String
    var reachable: Bool
    /// Why the peer's `/api/v1/images` gave nothing (unreachable, timeout, not JSON).
    var error: String?
    /// The images it holds (state `present`); nil when unreachable.
    var images: [FleetImageJSON]?

    enum CodingKeys: String, CodingKey {
        case peer, reachable, error, images
        case webURL = "web_url"
    }
}
