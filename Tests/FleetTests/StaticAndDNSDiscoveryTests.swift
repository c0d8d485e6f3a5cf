import Common
import Fleet
import Testing

struct StaticAndDNSDiscoveryTests {
    @Test func staticParsesHostPortListsWithIPv6AndDefaultPort() async throws {
        let provider = try StaticDiscovery(entries: ["10.0.0.1:6881", "[fd00::7]:7000", "node-3"], defaultPort: 6999)
        #expect(
            try await provider.peers() == [
                HostPort(host: "10.0.0.1", port: 6881), HostPort(host: "fd00::7", port: 7000),
                HostPort(host: "node-3", port: 6999),
            ])
        #expect(HostPort(host: "fd00::7", port: 7000).description == "[fd00::7]:7000")
    }

    @Test func staticRefusesAMalformedEntryNamingIt() {
        #expect(throws: DiscoveryError(.configuration, "fleet.peers: '10.0.0.1:http' is not host:port")) {
            try StaticDiscovery(entries: ["10.0.0.2:6881", "10.0.0.1:http"], defaultPort: 6881)
        }
        #expect(HostPort(parsing: "10.0.0.1:0") == nil)
        #expect(HostPort(parsing: "[::1]") == nil)
        #expect(HostPort(parsing: "[::1]", defaultPort: 6881) == HostPort(host: "::1", port: 6881))
    }

    @Test func dnsResolvesLocalhostToLoopbackAddresses() async throws {
        let peers = try await DNSDiscovery(hostName: "localhost", port: 6881).peers()
        #expect(!peers.isEmpty)
        #expect(Set(peers.map(\.host)).isSubset(of: ["127.0.0.1", "::1"]))
        #expect(peers.allSatisfy { $0.port == 6881 })
        #expect(Set(peers).count == peers.count)
    }

    /// A 70-character label cannot be put in a DNS query, so the resolver fails without sending one.
    @Test func dnsNameThatDoesNotResolveIsAnErrorNamingIt() async throws {
        let name = String(repeating: "x", count: 70) + ".invalid"
        let error = try await #require(throws: DiscoveryError.self) {
            try await DNSDiscovery(hostName: name, port: 6881).peers()
        }
        #expect(error.code == .resolution)
        #expect(error.message.contains("'\(name)'"))
    }
}
