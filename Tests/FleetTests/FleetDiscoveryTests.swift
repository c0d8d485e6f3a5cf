import Common
import Fleet
import Logging
import Synchronization
import Testing

struct FleetDiscoveryTests {
    @Test func peersAreMergedDeduplicatedAndTheNodeItselfLeftOut() async throws {
        let fleet = FleetDiscovery(
            providers: [
                StaticDiscovery(peers: [
                    HostPort(host: "127.0.0.1", port: 6881), HostPort(host: "10.0.0.5", port: 6881),
                    HostPort(host: "10.0.0.9", port: 6881), HostPort(host: "10.0.0.9", port: 6881),
                ]),
                DNSDiscovery(hostName: "localhost", port: 6881),
            ],
            ownHosts: ["10.0.0.5"])
        let round = await fleet.refresh()
        #expect(round.failures.isEmpty)
        #expect(round.peers.filter { $0.host == "127.0.0.1" } == [HostPort(host: "127.0.0.1", port: 6881)])
        #expect(round.peers.contains(HostPort(host: "10.0.0.9", port: 6881)))
        #expect(!round.peers.contains { $0.host == "10.0.0.5" })
        #expect(Set(round.peers).count == round.peers.count)
        #expect(round.peers == round.peers.sorted())
    }

    @Test func aFailingProviderIsReportedWhileTheOthersStillCount() async throws {
        let name = String(repeating: "y", count: 70) + ".invalid"
        let fleet = FleetDiscovery(providers: [
            StaticDiscovery(peers: [HostPort(host: "10.0.0.1", port: 6881)]),
            DNSDiscovery(hostName: name, port: 6881),
        ])
        let round = await fleet.refresh()
        #expect(round.peers == [HostPort(host: "10.0.0.1", port: 6881)])
        #expect(round.failures.count == 1)
        #expect(round.failures.first?.message.contains(name) == true)
    }

    @Test func aProviderThatFailsKeepsItsLastGoodPeers() async throws {
        let flaky = ScriptedProvider()
        flaky.next(.success([HostPort(host: "10.0.0.7", port: 6881)]))
        let fleet = FleetDiscovery(providers: [flaky, StaticDiscovery(peers: [HostPort(host: "10.0.0.1", port: 6881)])])
        #expect(await fleet.refresh().peers.map(\.host) == ["10.0.0.1", "10.0.0.7"])
        flaky.next(.failure(DiscoveryError(.transport, "scripted: endpoint down")))
        let failed = await fleet.refresh()
        #expect(failed.peers.map(\.host) == ["10.0.0.1", "10.0.0.7"])
        #expect(failed.failures == [DiscoveryError(.transport, "scripted: endpoint down")])
        flaky.next(.success([HostPort(host: "10.0.0.8", port: 6881)]))
        #expect(await fleet.refresh().peers.map(\.host) == ["10.0.0.1", "10.0.0.8"])
    }

    @Test func theServicePublishesEachNewPeerSetAndKeepsTheCurrentOne() async throws {
        let flaky = ScriptedProvider()
        flaky.next(.success([HostPort(host: "10.0.0.7", port: 6881)]))
        let service = DiscoveryService(
            discovery: FleetDiscovery(providers: [flaky]), interval: .milliseconds(50),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(service.currentPeers.isEmpty)
        let running = Task { try await service.run() }
        var updates = service.updates.makeAsyncIterator()
        #expect(await updates.next() == [HostPort(host: "10.0.0.7", port: 6881)])
        flaky.next(.failure(DiscoveryError(.transport, "scripted: endpoint down")))
        try await Task.sleep(for: .milliseconds(150))
        #expect(service.currentPeers == [HostPort(host: "10.0.0.7", port: 6881)])
        flaky.next(.success([HostPort(host: "10.0.0.8", port: 6881), HostPort(host: "10.0.0.7", port: 6881)]))
        #expect(
            await updates.next() == [HostPort(host: "10.0.0.7", port: 6881), HostPort(host: "10.0.0.8", port: 6881)])
        running.cancel()
        _ = try? await running.value
        #expect(await updates.next() == nil)
    }
}
