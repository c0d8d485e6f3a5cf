public import Foundation

/// `GET /api/v1/fleet`: the peers known now and, for each, what it holds or why it did not answer.
public struct FleetJSON: Codable, Sendable, Equatable {
    /// This node's own swarm endpoint, when known.
    public var selfAddress: String?
    /// When the peers were last asked.
    public var checked: Date
    public var peers: [FleetPeerJSON]

    public init(selfAddress: String?, checked: Date, peers: [FleetPeerJSON]) {
        self.selfAddress = selfAddress
        self.checked = checked
        self.peers = peers
    }

    enum CodingKeys: String, CodingKey {
        case peers, checked
        case selfAddress = "self"
    }
}
