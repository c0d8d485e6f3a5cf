public import Common

/// The `static` provider: the `host:port` list of `fleet.peers`.
public struct StaticDiscovery: DiscoveryProvider {
    /// `static`.
    public var name: String { "static" }
    /// The configured peers.
    public let configured: [HostPort]

    /// Peers given directly.
    public init(peers: [HostPort]) { configured = peers }

    /// Parses `host:port` entries (a bare host gets `defaultPort`); throws naming a malformed one.
    public init(entries: [String], defaultPort: UInt16) throws(DiscoveryError) {
        var peers: [HostPort] = []
        for entry in entries {
            guard let peer = HostPort(parsing: entry, defaultPort: defaultPort) else {
                throw DiscoveryError(.configuration, "fleet.peers: '\(entry)' is not host:port")
            }
            peers.append(peer)
        }
        configured = peers
    }

    /// The configured peers, as given.
    public func peers() async throws -> [HostPort] { configured }
}
