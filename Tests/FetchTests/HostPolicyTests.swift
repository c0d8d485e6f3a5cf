import Fetch
import Foundation
import Testing

/// `fetch.allow_hosts` (issue 15 item 6): which addresses count as internal, how the list reads,
/// and the manifest's own host.
struct HostPolicyTests {
    @Test(arguments: [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "ff02::1",
    ])
    func item6_internalAddressesAreInternal(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isInternal, "\(text)")
        #expect(!HostPolicy(entries: [.publicAddresses]).allows(host: "mirror.example", address: address))
    }

    @Test(arguments: ["1.1.1.1", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2a00:1450:4001::1", "::ffff:8.8.8.8"])
    func item6_publicAddressesArePublic(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!address.isInternal, "\(text)")
        #expect(HostPolicy(entries: [.publicAddresses]).allows(host: "mirror.example", address: address))
    }

    @Test func item6_theListReadsNamesSuffixesAddressesAndCIDRs() throws {
        let policy = try HostPolicy(parsing: [
            "mirror.internal", "*.corp.example", "10.20.0.0/16", "fd00::/8", "192.0.2.7",
        ])
        let ten = IPAddress("10.20.30.40")!
        #expect(policy.allows(host: "mirror.internal", address: IPAddress("10.9.9.9")!))
        #expect(policy.allows(host: "MIRROR.internal.", address: IPAddress("10.9.9.9")!))
        #expect(policy.allows(host: "a.b.corp.example", address: IPAddress("192.168.0.1")!))
        #expect(!policy.allows(host: "corp.example", address: IPAddress("192.168.0.1")!))
        #expect(policy.allows(host: "anything", address: ten))
        #expect(!policy.allows(host: "anything", address: IPAddress("10.21.0.1")!))
        #expect(policy.allows(host: "x", address: IPAddress("fd01::5")!))
        #expect(policy.allows(host: "x", address: IPAddress("192.0.2.7")!))
        // Without `public`, public addresses are not allowed either.
        #expect(!policy.allows(host: "mirror.example", address: IPAddress("8.8.8.8")!))
        for bad in ["http://x", "10.0.0.0/33", "a b", "*.", "-x.example"] {
            #expect(throws: FetchError.self) { try HostPolicy(parsing: [bad]) }
        }
        #expect(HostPolicy.unrestricted.allows(host: "localhost", address: IPAddress("127.0.0.1")!))
    }

    @Test func item6_theManifestsOwnHostIsAllowedByNameOnly() throws {
        let base = try HostPolicy(parsing: ["public"])
        let http = base.allowing(manifestURL: URL(string: "http://origin.internal:8080/manifest.json")!)
        #expect(http.allows(host: "origin.internal", address: IPAddress("10.0.0.5")!))
        // Another name for the same internal address is not the manifest's host.
        #expect(!http.allows(host: "other.internal", address: IPAddress("10.0.0.5")!))
        let literal = base.allowing(manifestURL: URL(string: "http://127.0.0.1:8080/manifest.json")!)
        #expect(literal.allows(host: "127.0.0.1", address: IPAddress("127.0.0.1")!))
        #expect(!literal.allows(host: "localhost", address: IPAddress("127.0.0.1")!))
        // A file:// manifest lives on this machine: its loopback addresses are its host.
        let file = base.allowing(manifestURL: URL(fileURLWithPath: "/srv/manifest.json"))
        #expect(file.allows(host: "127.0.0.1", address: IPAddress("127.0.0.1")!))
        #expect(file.allows(host: "localhost", address: IPAddress("::1")!))
        #expect(!file.allows(host: "10.0.0.1", address: IPAddress("10.0.0.1")!))
    }
}
