import Foundation
import TestSupport
import Testing

/// Chaos in the namespaced fleet (issue 15): nodes killed at random during the fan-out, the
/// origin cut mid-run and restored, a peer seeding flipped bytes under the real torrent. Every
/// surviving node converges on the verified image and nothing corrupt is ever placed. Each test
/// prints the time the fault cost against an undisturbed fleet of the same size measured first
/// in the same lab.
@Suite(.timeLimit(.minutes(5)))
struct FleetLabChaosTests {
    static let imageSize = FleetLabTests.imageSize
    static let originRate = FleetLabTests.originRate
    static let convergeTimeout = FleetLabTests.convergeTimeout

    /// Seconds until every node of a fresh batch of `count` holds the image, undisturbed.
    static func undisturbed(_ fleet: FleetLabFixture, count: Int) async throws -> Double {
        let nodes = try fleet.addNodes(count)
        let start = ContinuousClock.now
        for node in nodes { try await node.start() }
        try await fleet.waitUntilHeld(by: nodes, timeout: convergeTimeout)
        let seconds = (ContinuousClock.now - start).seconds
        for node in nodes { _ = try await node.stop() }
        return seconds
    }

    @Test func theFleetConvergesWhenTheOriginIsCutMidRunAndRestored() async throws {
        let fleet = try await FleetLabFixture(imageSize: Self.imageSize, originRate: Self.originRate)
        let baseline = try await Self.undisturbed(fleet, count: 4)
        let servedBefore = fleet.imageBytesServed

        let nodes = try fleet.addNodes(4)
        let start = ContinuousClock.now
        for node in nodes { try await node.start() }
        // Cut once the origin has sent a quarter of the image: requests are in flight.
        _ = try await Poll.until(timeout: Self.convergeTimeout, "the origin sending a quarter of the image") {
            fleet.imageBytesServed - servedBefore >= Int64(Self.imageSize / 4) ? true : nil
        }
        let outage = Duration.seconds(5)
        try fleet.setOriginLink(up: false)
        try await Task.sleep(for: outage)
        try fleet.setOriginLink(up: true)
        try await fleet.waitUntilHeld(by: nodes, timeout: Self.convergeTimeout)
        let seconds = (ContinuousClock.now - start).seconds
        for node in nodes {
            #expect(node.fileSHA256(FleetLabFixture.layoutPath) == fleet.imageSHA256, "\(node.name)")
        }
        let ratio = Double(fleet.imageBytesServed - servedBefore) / Double(Self.imageSize)
        print(
            String(
                format:
                    "chaos: origin cut for %.0f s mid-run: converged in %.1f s, undisturbed %.1f s, lost %.1f s beyond the outage; origin %.2fx",
                outage.seconds, seconds, baseline, seconds - baseline - outage.seconds, ratio))
        #expect(ratio <= 2.0, "origin served \(ratio)x the image")
        for node in nodes { #expect(try await node.stop() == 0, "\(node.name): \(node.log().suffix(2000))") }
    }

    @Test func theSurvivorsConvergeWhenRandomNodesAreKilledDuringTheFanOut() async throws {
        let fleet = try await FleetLabFixture(imageSize: Self.imageSize, originRate: Self.originRate)
        let baseline = try await Self.undisturbed(fleet, count: 6)
        var random = SystemRandomNumberGenerator()
        let nodes = try fleet.addNodes(6)
        let victims = Array(nodes.shuffled(using: &random).prefix(2))
        let start = ContinuousClock.now
        for node in nodes { try await node.start() }
        for victim in victims {
            // Each dies at a random point while its transfer is under way.
            let fraction = Double.random(in: 0.1...0.8, using: &random)
            _ = try await Poll.until(timeout: Self.convergeTimeout, "\(victim.name) past \(fraction) of the image") {
                (victim.transferredBytes() ?? 0) >= Int(fraction * Double(Self.imageSize)) ? true : nil
            }
            try await victim.kill()
            print(String(format: "chaos: killed %@ at %.0f%% of the image", victim.name, fraction * 100))
        }
        let survivors = nodes.filter { node in !victims.contains { $0 === node } }
        try await fleet.waitUntilHeld(by: survivors, timeout: Self.convergeTimeout)
        let seconds = (ContinuousClock.now - start).seconds
        for node in survivors {
            #expect(node.fileSHA256(FleetLabFixture.layoutPath) == fleet.imageSHA256, "\(node.name)")
        }
        for victim in victims { #expect(!victim.holds(FleetLabFixture.layoutPath, sha256: fleet.imageSHA256)) }
        print(
            String(
                format:
                    "chaos: 2 of 6 nodes killed mid-fan-out: the 4 survivors converged in %.1f s, 6 undisturbed %.1f s, lost %.1f s",
                seconds, baseline, seconds - baseline))
        for node in survivors { #expect(try await node.stop() == 0, "\(node.name): \(node.log().suffix(2000))") }
    }

    /// aria2 seeds a copy with a flipped byte in every 64 KiB under the manifest's real torrent
    /// (`--bt-seed-unverified`, so it never checks what it serves) and every node lists it as a
    /// fleet peer. The nodes take pieces from it, libtorrent finds them failing their hash and
    /// bans it, and the pieces come from the origin and the honest peers instead.
    @Test func aPeerSeedingCorruptBytesIsBannedAndNothingCorruptIsPlaced() async throws {
        let fleet = try await FleetLabFixture(imageSize: Self.imageSize, originRate: Self.originRate)
        let baseline = try await Self.undisturbed(fleet, count: 4)
        let corruptHost = try fleet.lab.addHost()
        let corruptDirectory = fleet.directory.appending("corrupt")
        try FileManager.default.createDirectory(atPath: corruptDirectory, withIntermediateDirectories: true)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fleet.originImagePath))
        for offset in stride(from: 1000, to: bytes.count, by: 64 << 10) { bytes[offset] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: corruptDirectory + "/" + FleetLabFixture.fileName))
        let aria = try fleet.lab.run(
            in: corruptHost, "aria2c",
            [
                "--bt-seed-unverified=true", "--check-integrity=false", "--seed-ratio=0.0",
                "--listen-port=\(FleetLabNode.swarmPort)", "--enable-dht=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--summary-interval=1", "--console-log-level=notice",
                "--dir=\(corruptDirectory)", fleet.originTorrentPath,
            ])
        defer { aria.signal(SIGKILL) }
        try await fleet.lab.waitUntilListening(corruptHost, port: UInt16(FleetLabNode.swarmPort))

        let nodes = try fleet.addNodes(4, extraAddresses: ["\(corruptHost.address):\(FleetLabNode.swarmPort)"])
        let start = ContinuousClock.now
        for node in nodes { try await node.start() }
        try await fleet.waitUntilHeld(by: nodes, timeout: Self.convergeTimeout)
        let seconds = (ContinuousClock.now - start).seconds
        for node in nodes {
            #expect(node.fileSHA256(FleetLabFixture.layoutPath) == fleet.imageSHA256, "\(node.name)")
            #expect(
                node.log().contains("banned peer \(corruptHost.address)"),
                "\(node.name) never banned the corrupt peer: \(node.log().suffix(3000))")
        }
        print(
            String(
                format:
                    "chaos: a peer seeding corrupt bytes: 4 nodes converged in %.1f s, undisturbed %.1f s, lost %.1f s",
                seconds, baseline, seconds - baseline))
        for node in nodes { #expect(try await node.stop() == 0, "\(node.name): \(node.log().suffix(2000))") }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    fileprivate var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
