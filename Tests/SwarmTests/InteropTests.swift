import Foundation
import Swarm
import TestSupport
import Testing

/// Transfers with BitTorrent clients no one here wrote. Both use v1 torrents: transmission 3.00
/// refuses hybrid .torrent files ("invalid or corrupt torrent file"), and aria2 1.36 computes a
/// different info-hash for them (it reports "Unknown info hash" for the real one).
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
        try JSONSerialization.data(withJSONObject: settings).write(
            to: URL(fileURLWithPath: configDirectory + "/settings.json"))
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
        daemon.signal(SIGKILL)  // SIGTERM makes it linger ~10 s saying goodbye to trackers it has none of
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

/// Magnet `tr=` trackers are honoured: a leecher with no known peer finds the seeder through a
/// real tracker (opentracker, which only tracks whitelisted info-hashes).
@Suite(.timeLimit(.minutes(1)))
struct TrackerTests {
    @Test func leecherFindsTheSeederThroughTheMagnetsTracker() async throws {
        let directory = try TemporaryDirectory(prefix: "tracker")
        let port = try FreePort.next()
        let announce = "http://127.0.0.1:\(port)/announce"
        let image = try ImageGenerator.write(to: directory.appending("seed/image.iso"), seed: 51, size: 2 << 20)
        let torrent = try TorrentCreator.create(file: image, pieceSize: 64 << 10, trackers: [announce])
        let v1 = try #require(torrent.infoHashes.v1)
        try FileManager.default.createDirectory(
            atPath: directory.appending("tracker"), withIntermediateDirectories: true)
        try Data((v1 + "\n").utf8).write(to: URL(fileURLWithPath: directory.appending("tracker/whitelist")))
        let tracker = try ChildProcess(
            "opentracker",
            [
                "-i", "127.0.0.1", "-p", "\(port)", "-P", "\(port)", "-d", directory.appending("tracker"), "-w",
                "whitelist",
            ],
            logDirectory: directory.path)
        try await FreePort.waitUntilListening(port: port)

        let seeder = try await SwarmTestSupport.session()
        var seedOptions = AddOptions(savePath: directory.appending("seed"))
        seedOptions.seedMode = true
        _ = try await seeder.add(.torrentFile(torrent.data), options: seedOptions)
        try await Self.waitUntilTrackerKnowsASeed(port: port, infoHash: v1)

        let leecher = try await SwarmTestSupport.session()
        let magnet =
            "magnet:?xt=urn:btih:\(v1)&dn=image.iso&tr=" + announce.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
        let id = try await leecher.add(.magnet(magnet), options: AddOptions(savePath: directory.appending("leech")))
        try await SwarmTestSupport.waitUntilFinished(leecher, id)
        #expect(try SwarmTestSupport.sha256(directory.appending("leech/image.iso")) == SwarmTestSupport.sha256(image))
        await leecher.shutdown()
        await seeder.shutdown()
        tracker.signal(SIGKILL)
    }

    /// Asks the tracker (as a scrape would) until it lists one complete peer for the hash.
    static func waitUntilTrackerKnowsASeed(port: UInt16, infoHash: String) async throws {
        let url = TrackerScrape.url(port: port, infoHash: infoHash)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let result = try CommandResult.run("curl", ["-s", url])
            if result.stdout.contains("8:completei1e") { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SwarmError(.timeout, "the tracker never listed the seeder")
    }
}
