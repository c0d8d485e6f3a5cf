import Foundation
import TestSupport
import Testing

/// The lab the fleet tests stand on (`NetworkLab`, needs root): hosts reach each other over the
/// bridge, the origin's egress is capped, teardown leaves nothing behind, and a new lab removes
/// what a crashed run left while sparing live labs.
@Suite(.timeLimit(.minutes(1)))
struct FleetLabNetworkTests {
    @Test func hostsTalkOverTheBridgeAndTheShapedHostSendsNoFasterThanItsRate() async throws {
        let directory = try TemporaryDirectory(prefix: "lab")
        let lab = try NetworkLab(logDirectory: directory.path)
        let origin = try lab.addHost()
        let client = try lab.addHost()
        #expect(origin.address != client.address)
        try lab.shapeEgress(of: origin, rate: "16mbit")
        try ImageGenerator.write(to: directory.appending("root/blob"), seed: 7, size: 3 << 20)
        let nginx = try await NginxOrigin.start(
            in: lab, host: origin, root: directory.appending("root"), directory: directory.appending("nginx"))

        let fetch = try lab.execute(
            in: client, "curl",
            [
                "-sf", "-o", "/dev/null", "-w", "%{size_download} %{speed_download}",
                nginx.url("blob").absoluteString,
            ])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        let figures = fetch.stdout.split(separator: " ").compactMap { Double($0) }
        #expect(figures.first == Double(3 << 20))
        // 16 Mbit/s is 2 MB/s; unshaped, a veth moves hundreds of MB/s.
        #expect((figures.last ?? 0) < 2.4e6, "\(fetch.stdout) bytes, bytes/s")
        #expect(nginx.bodyBytesServed(for: "/blob", to: client.address) == Int64(3 << 20))
    }

    @Test func tearDownKillsWhatRunsInTheHostsAndRemovesEveryName() async throws {
        let directory = try TemporaryDirectory(prefix: "lab")
        let lab = try NetworkLab(logDirectory: directory.path)
        let host = try lab.addHost()
        let sleeper = try lab.run(in: host, "sleep", ["600"])
        #expect(Self.names().contains(host.namespace))
        #expect(Self.names().contains(lab.bridge))

        lab.tearDown()
        #expect(try await sleeper.waitForExit(timeout: .seconds(10)) != 0)
        #expect(Self.names().filter { $0.hasPrefix(lab.prefix) } == [])
    }

    @Test func aNewLabRemovesLeftoversOfADeadProcessButNotOfALiveOne() async throws {
        // A pid that no longer exists: a process that ran and was reaped.
        let gone = try CommandResult.run("bash", ["-c", "true & echo $!; wait"])
        let deadPID = try #require(Int32(gone.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let stale = "ifl\(String(deadPID, radix: 16))-z"
        // A live one: this test process, under a lab letter no NetworkLab of this run uses.
        let live = "ifl\(String(getpid(), radix: 16))-_"
        defer {
            for prefix in [stale, live] {
                _ = try? CommandResult.run("ip", ["netns", "del", prefix + "n0"])
                _ = try? CommandResult.run("ip", ["link", "del", prefix + "b"])
            }
        }
        for prefix in [stale, live] {
            #expect(try CommandResult.run("ip", ["netns", "add", prefix + "n0"]).status == 0)
            #expect(try CommandResult.run("ip", ["link", "add", prefix + "b", "type", "bridge"]).status == 0)
        }

        let directory = try TemporaryDirectory(prefix: "lab")
        let lab = try NetworkLab(logDirectory: directory.path)
        let names = Self.names()
        #expect(!names.contains(stale + "n0"))
        #expect(!names.contains(stale + "b"))
        #expect(names.contains(live + "n0"))
        #expect(names.contains(live + "b"))
        lab.tearDown()
    }

    /// Every namespace and link name on the machine.
    static func names() -> Set<String> {
        let (namespaces, links) = NetworkLab.existingNames()
        return Set(namespaces + links)
    }
}
