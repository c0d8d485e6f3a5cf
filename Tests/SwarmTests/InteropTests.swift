import Foundation
import Swarm
import TestSupport
import Testing

/// Transfers with BitTorrent clients no one here wrote. Both use v1 torrents: aria2 1.36 computes
/// a different info-hash for hybrid torrents (it reports "Unknown info hash" for the real one).
@Suite(.timeLimit(.minutes(1)))
struct InteropTests {
    @Test func isofleetDownloadsFromATransmissionSeeder() async throws {
        let directory = try TemporaryDirectory(prefix: "transmission")
        let image = try ImageGenerator.write(to: directory.appending("seed/image.iso"), seed: 11, size: 3 << 20 + 7)
        let torrent = try TorrentCreator.create(file: image, pieceSize: 64 << 10, mode: .v1)
        let torrentPath = directory.appending("image.iso.torrent")
        try torrent.data.write(to: URL(fileURLWithPath: torrentPath))

        let rpcPort = try FreePort.next()
        let peerPort = try FreePort.next()
        let configDirectory = directory.appending("transmission")
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        let settings: [String: Any] = [
            "download-dir": directory.appending("seed"), "incomplete-dir-enabled": false,
            "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": Int(rpcPort),
            "rpc-authentication-required": false, "rpc-whitelist-enabled": false,
            "rpc-host-whitelist-enabled": false,
            "peer-port": Int(peerPort), "peer-port-random-on-start": false, "bind-address-ipv4": "127.0.0.1",
            "dht-enabled": false, "lpd-enabled": false, "utp-enabled": false, "port-forwarding-enabled": false,
            "encryption": 0, "watch-dir-enabled": false, "speed-limit-up-enabled": false,
        ]
        try JSONSerialization.data(withJSONObject: settings).write(to: URL(fileURLWithPath: configDirectory + "/settings.json"))
        let daemon = try ChildProcess(
            "transmission-daemon", ["-f", "-g", configDirectory, "--log-error"], logDirectory: directory.path)
        try await FreePort.waitUntilListening(port: rpcPort)
        let remote = "127.0.0.1:\(rpcPort)"
        let added = try CommandResult.run("transmission-remote", [remote, "-a", torrentPath])
        #expect(added.status == 0, "transmission-remote -a: \(added.stdout) \(added.stderr)")
        _ = try CommandResult.run("transmission-remote", [remote, "-t", "all", "--verify"])
        _ = try CommandResult.run("transmission-remote", [remote, "-t", "all", "--start"])
        try await FreePort.waitUntilListening(port: peerPort)

        let leecher = try await SwarmTestSupport.session()
        var options = AddOptions(savePath: directory.appending("leech"))
        options.peers = ["127.0.0.1:\(peerPort)"]
        let id = try await leecher.add(.torrentFile(torrent.data), options: options)
        // transmission waits about 10 s before it serves a new peer.
        try await SwarmTestSupport.waitUntilFinished(leecher, id, timeout: .seconds(45))
        #expect(try SwarmTestSupport.sha256(directory.appending("leech/image.iso")) == SwarmTestSupport.sha256(image))
        #expect(try await leecher.status(of: id).payloadDownloaded >= 3 << 20)
        await leecher.shutdown()
        daemon.signal(SIGKILL) // SIGTERM makes it linger ~10 s saying goodbye to trackers it has none of
        try await daemon.waitForExit(timeout: .seconds(10))
    }

    @Test func aria2DownloadsFromAnIsofleetSeeder() async throws {
        let directory = try TemporaryDirectory(prefix: "aria2")
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(
            in: directory, size: 5 << 20 + 3, seed: 12, pieceSize: 64 << 10, mode: .v1)
        let torrentPath = directory.appending("image.iso.torrent")
        try torrent.data.write(to: URL(fileURLWithPath: torrentPath))
        let ariaPort = try FreePort.next()
        let aria = try ChildProcess(
            "aria2c",
            [
                "--listen-port=\(ariaPort)", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--seed-time=0", "--summary-interval=0", "--console-log-level=warn",
                "--dir", directory.appending("aria"), torrentPath,
            ],
            logDirectory: directory.path)
        try await FreePort.waitUntilListening(port: ariaPort)
        // aria2 cannot be told about a peer, so the seeder dials it (a known fleet peer).
        let id = try #require(await seeder.torrentIDs.first)
        try await seeder.connectPeer(id, host: "127.0.0.1", port: ariaPort)
        let status = try await aria.waitForExit(timeout: .seconds(40))
        #expect(status == 0, "aria2c: \(aria.standardOutput()) \(aria.standardError())")
        #expect(try SwarmTestSupport.sha256(directory.appending("aria/image.iso")) == SwarmTestSupport.sha256(original))
        #expect(try await seeder.status(of: id).payloadUploaded >= 5 << 20)
        await seeder.shutdown()
    }
}
