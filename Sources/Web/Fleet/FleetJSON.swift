import Foundation

/// `GET /api/v1/fleet`: the peers known now and, for each, what it holds or why it did not answer.
struct FleetJSON: Codable, Sendable, Equatable {
    /// This node's own swarm endpoint, when known.
    var selfAddress: String?
    /// When the peers were last asked.
    var checked: Date
    var peers: [FleetPeerJSON]

    enum CodingKeys: String, CodingKey {
        case peers, checked
        case selfAddress = "self"
    }
}
