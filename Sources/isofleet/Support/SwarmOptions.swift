import ArgumentParser
import Common
import Node

/// Options of the commands that run a BitTorrent session in the foreground (`add`, `seed`).
struct SwarmOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Listen for BitTorrent on host:port (overrides swarm.listen; port 0 = any).", valueName: "host:port"))
    var listen: String?

    @Option(
        name: .customLong("peer"),
        help: ArgumentHelp("A known peer (repeatable; added to fleet.peers).", valueName: "host:port"))
    var peers: [String] = []

    func validate() throws {
        for peer in peers where !Self.isHostPort(peer) {
            throw ValidationError("--peer '\(peer)' is not host:port")
        }
        if let listen, !Self.isHostPort(listen) {
            throw ValidationError("--listen '\(listen)' is not host:port")
        }
    }

    /// The listen address in force: the flag, else `swarm.listen`.
    func listenAddress(_ configuration: Configuration) -> String {
        listen ?? configuration[.swarmListen] ?? "0.0.0.0:6881"
    }

    /// `--peer` values followed by `fleet.peers`.
    func knownPeers(_ configuration: Configuration) -> [String] {
        peers + configuration.list(.fleetPeers)
    }

    /// `host:port`, `[v6]:port`; the port 0…65535.
    static func isHostPort(_ text: String) -> Bool {
        HostPort(parsing: text, allowingPortZero: true) != nil
    }
}
