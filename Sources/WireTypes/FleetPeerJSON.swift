/// One fleet peer as `GET /api/v1/fleet` and the page show it: its swarm endpoint, the URL of its
/// web server, and either what it holds or why it did not answer.
public struct FleetPeerJSON: Codable, Sendable, Equatable {
    /// The peer's BitTorrent endpoint, `host:port`, as the fleet membership names it.
    public var peer: String
    /// `http://host:fleet.web_port`.
    public var webURL: String
    public var reachable: Bool
    /// Why the peer's `/api/v1/images` gave nothing (unreachable, timeout, not JSON).
    public var error: String?
    /// The images it holds (state `present`); nil when unreachable.
    public var images: [ImageJSON]?

    public init(peer: String, webURL: String, reachable: Bool, error: String? = nil, images: [ImageJSON]? = nil) {
        self.peer = peer
        self.webURL = webURL
        self.reachable = reachable
        self.error = error
        self.images = images
    }

    enum CodingKeys: String, CodingKey {
        case peer, reachable, error, images
        case webURL = "web_url"
    }
}
