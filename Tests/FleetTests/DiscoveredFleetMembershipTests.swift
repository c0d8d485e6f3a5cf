import Common
import Fleet
import Logging
import ServiceLifecycle
import Testing

/// The discovery-backed fleet: this node left out by host and port, its own endpoint noted, and
/// every subscriber told when the set changes (a joining peer reaches the seeder this way).
@Suite(.timeLimit(.minutes(1)))
struct DiscoveredFleetMembershipTests {
    private static let logger = Logger(label: "test")

    @Test func thisNodeIsLeftOutByHostAndPortOnly() {
        let peers = [
            HostPort(host: "10.0.0.5", port: 6881), HostPort(host: "10.0.0.7", port: 6881),
            HostPort(host: "127.0.0.1", port: 7001), HostPort(host: "127.0.0.1", port: 7002),
        ]
        let snapshot = DiscoveredFleetMembership.snapshot(
            of: peers, ownHosts: ["10.0.0.5", "127.0.0.1"], ownPort: 6881, selfAddress: nil)
        // 127.0.0.1 is this host, but other ports there are other nodes (one-box fleets, tests).
        #expect(snapshot.peers == ["10.0.0.7:6881", "127.0.0.1:7001", "127.0.0.1:7002"])
        #expect(snapshot.selfAddress == "10.0.0.5:6881")

        let onLoopback = DiscoveredFleetMembership.snapshot(
            of: peers, ownHosts: ["127.0.0.1"], ownPort: 7002, selfAddress: nil)
        #expect(onLoopback.peers == ["10.0.0.5:6881", "10.0.0.7:6881", "127.0.0.1:7001"])
        #expect(onLoopback.selfAddress == "127.0.0.1:7002")
        #expect(onLoopback.rank(fallbackSeed: 0) == 3)

        let configured = DiscoveredFleetMembership.snapshot(
            of: peers, ownHosts: [], ownPort: 6881, selfAddress: "192.168.1.1:6881")
        #expect(configured.peers.count == 4 && configured.selfAddress == "192.168.1.1:6881")
    }

    @Test func theHostsOwnAddressesIncludeLoopback() {
        let addresses = HostAddresses.current()
        #expect(addresses.contains("127.0.0.1"))
        #expect(!addresses.contains { $0.contains("%") })
    }

    @Test func subscribersHearOfEachChangeWhileTheServiceRuns() async throws {
        let provider = ScriptedProvider()
        provider.next(.success([HostPort(host: "127.0.0.1", port: 7001), HostPort(host: "127.0.0.1", port: 6999)]))
        let service = DiscoveryService(
            discovery: FleetDiscovery(providers: [provider]), interval: .milliseconds(50), logger: Self.logger)
        let membership = DiscoveredFleetMembership(discovery: service, ownHosts: ["127.0.0.1"], ownPort: 6999)
        #expect(await membership.snapshot().peers.isEmpty, "nothing before the first round")
        await membership.prime()
        #expect(await membership.snapshot() == FleetSnapshot(peers: ["127.0.0.1:7001"], selfAddress: "127.0.0.1:6999"))

        let changes = membership.changes()
        let group = ServiceGroup(services: [membership], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = changes.makeAsyncIterator()
            #expect(await iterator.next()?.peers == ["127.0.0.1:7001"], "the current snapshot first")
            provider.next(
                .success([
                    HostPort(host: "127.0.0.1", port: 7001), HostPort(host: "127.0.0.1", port: 7003),
                    HostPort(host: "127.0.0.1", port: 6999),
                ]))
            #expect(await iterator.next()?.peers == ["127.0.0.1:7001", "127.0.0.1:7003"], "a peer joined")
            provider.next(.success([HostPort(host: "127.0.0.1", port: 7003)]))
            #expect(await iterator.next()?.peers == ["127.0.0.1:7003"], "a peer left")
            await group.triggerGracefulShutdown()
            #expect(await iterator.next() == nil, "the stream ends with the service")
            try await tasks.waitForAll()
        }
    }
}
