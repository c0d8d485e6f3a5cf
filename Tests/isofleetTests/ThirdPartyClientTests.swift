import Digest
import Foundation
import TestSupport
import Testing

/// BitTorrent clients no one here wrote download an image from a real `isofleet seed` (the built
/// binary with its default options, so a v1 torrent), once from the .torrent file it wrote and once
/// from the magnet link it printed, and end with the image's SHA-256. Everything runs on
/// 127.0.0.1 with DHT, LSD, PEX and UPnP off; a client meets the seeder through a real opentracker
/// or, when it cannot take a tracker's loopback peers, by the seeder dialing it (`--peer`). Each
/// test's comment says which, and why.
@Suite(.timeLimit(.minutes(1)))
struct ThirdPartyClientTests {
    /// What the client is given, as `isofleet seed` wrote or printed it.
    enum Link: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case torrentFile = ".torrent file"
        case magnet = "magnet link"
        var testDescription: String { rawValue }
    }

    /// aria2 1.36 (`aria2c`) finds the seeder through the tracker: the .torrent's `announce`, or
    /// the magnet's `tr=`. It ignores `x.pe=` and cannot be told a peer, so a magnet without `tr=`
    /// leaves it waiting for metadata forever.
    @Test(arguments: Link.allCases)
    func aria2Downloads(from link: Link) async throws {
        let swarm = try await SeededSwarm(seed: 81, tracker: true)
        defer { swarm.stop() }
        let source = try swarm.source(link, clientNeedsTracker: true)
        let directory = swarm.path("aria2")
        let aria = try swarm.launch(
            "aria2c",
            [
                "--no-conf=true", "--dir", directory, "--listen-port=\(try FreePort.next())",
                "--interface=127.0.0.1", "--disable-ipv6=true", "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--seed-time=0", "--file-allocation=none",
                "--summary-interval=0", "--console-log-level=notice", source,
            ])
        try await swarm.waitUntil("aria2c exits", timeout: .seconds(40), log: { aria.standardOutput() }) {
            !aria.isRunning
        }
        let status = try await aria.waitForExit(timeout: .seconds(1))
        #expect(status == 0, "aria2c exited \(status): \(aria.standardOutput().suffix(1500))")
        await swarm.expectImage(at: directory + "/image.iso", from: "aria2c")
    }

    /// transmission 3.00 (`transmission-daemon`, driven by `transmission-remote`). It drops every
    /// tracker or PEX peer on 127/8 (libtransmission's `isMartianAddr`), `x.pe=` gets it nowhere
    /// and it has no call to add a peer, so on loopback only the seeder can start the connection:
    /// `isofleet seed` runs once to write the .torrent and print the magnet, then again with
    /// `--peer` (printing the same line) once transmission holds the torrent. With a magnet,
    /// transmission drops its peers when the metadata arrives (it pauses to verify) and libtorrent
    /// dials a peer again only after 60 s, so the seeder is started a third time. It asks for
    /// pieces only at its next 10 s rechoke.
    @Test(arguments: Link.allCases)
    func transmissionDownloads(from link: Link) async throws {
        let swarm = try await SeededSwarm(seed: 82, tracker: false)
        defer { swarm.stop() }
        let source = try swarm.source(link, clientNeedsTracker: false)
        try await swarm.stopSeeder()

        let rpcPort = try FreePort.next()
        let peerPort = try FreePort.next()
        let configDirectory = swarm.path("transmission/config")
        let downloads = swarm.path("transmission/downloads")
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        let settings: [String: Any] = [
            "download-dir": downloads, "incomplete-dir-enabled": false, "watch-dir-enabled": false,
            "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": Int(rpcPort),
            "rpc-authentication-required": false, "rpc-whitelist-enabled": false, "rpc-host-whitelist-enabled": false,
            "peer-port": Int(peerPort), "peer-port-random-on-start": false,
            "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
            "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
            "port-forwarding-enabled": false, "encryption": 0,
        ]
        try JSONSerialization.data(withJSONObject: settings).write(
            to: URL(fileURLWithPath: configDirectory + "/settings.json"))
        let daemon = try swarm.launch("transmission-daemon", ["-f", "-g", configDirectory, "--log-error"])
        try await FreePort.waitUntilListening(port: rpcPort)
        let remote = "127.0.0.1:\(rpcPort)"
        let added = try CommandResult.run("transmission-remote", [remote, "--add", source])
        try #require(added.status == 0 && added.stdout.contains("success"), "\(added.stdout) \(added.stderr)")
        let info = { (try? CommandResult.run("transmission-remote", [remote, "-t", "1", "--info"]).stdout) ?? "" }

        let peers = ["127.0.0.1:\(peerPort)"]
        try await swarm.startSeeder(peers: peers)
        if link == .magnet {
            try await swarm.waitUntil("transmission has the metadata", timeout: .seconds(20), log: info) {
                info().range(of: "Piece Count: [1-9]", options: .regularExpression) != nil
            }
            try await swarm.stopSeeder()
            try await swarm.startSeeder(peers: peers)
        }
        try await swarm.waitUntil("transmission completes", timeout: .seconds(40), log: info) {
            info().contains("Percent Done: 100%")
        }
        await swarm.expectImage(at: downloads + "/image.iso", from: "transmission")
        daemon.signal(SIGKILL)  // SIGTERM makes it linger ~10 s
    }

    /// rtorrent 0.9.8 (libtorrent 0.13.8), headless: `system.daemon.set = true`, `-n` (no
    /// ~/.rtorrent.rc), no terminal. It keeps one peer per IP address and tries one of a tracker
    /// reply's same-address entries at random; on loopback that reply also lists rtorrent itself,
    /// so it would connect to itself and stop in about half the runs. Run outgoing-only
    /// (`network.port_open.set = no`) it announces no port, the tracker lists it with port 0,
    /// which it skips, and it dials the seeder. While DHT is off it refuses a magnet without `tr=`
    /// ("Could not find any trackers"), `x.pe=` or not.
    @Test(arguments: Link.allCases)
    func rtorrentDownloads(from link: Link) async throws {
        let swarm = try await SeededSwarm(seed: 83, tracker: true)
        defer { swarm.stop() }
        let source = try swarm.source(link, clientNeedsTracker: true)
        let directory = swarm.path("rtorrent")
        for subdirectory in ["session", "downloads"] {
            try FileManager.default.createDirectory(
                atPath: directory + "/" + subdirectory, withIntermediateDirectories: true)
        }
        let finished = directory + "/finished"
        let log = directory + "/rtorrent.log"
        let configuration = """
            system.daemon.set = true
            session.path.set = \(directory)/session
            directory.default.set = \(directory)/downloads
            network.port_open.set = no
            network.bind_address.set = 127.0.0.1
            dht.mode.set = disable
            protocol.pex.set = no
            trackers.use_udp.set = no
            log.open_file = main, \(log)
            log.add_output = info, main
            method.set_key = event.download.finished, done, "execute.nothrow = touch, \(finished)"

            """
        try configuration.write(toFile: directory + "/rtorrent.rc", atomically: true, encoding: .utf8)
        let rtorrent = try swarm.launch(
            "rtorrent", ["-n", "-o", "import=\(directory)/rtorrent.rc", "-o", "load.start_verbose=\(source)"])
        try await swarm.waitUntil(
            "rtorrent finishes", timeout: .seconds(40),
            log: { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "") + rtorrent.standardError() }
        ) {
            FileManager.default.fileExists(atPath: finished)
        }
        await swarm.expectImage(at: directory + "/downloads/image.iso", from: "rtorrent")
        rtorrent.signal(SIGKILL)
    }

    /// qBittorrent 4.5.2 (`qbittorrent-nox`, libtorrent-rasterbar 2.0.8), driven through its WebUI
    /// API on loopback: a profile directory whose qBittorrent.conf accepts the legal notice, binds
    /// to `lo`/127.0.0.1 and lets localhost in without a login. It reads `x.pe=`, so the magnet
    /// needs no tracker; the .torrent's tracker gives it the seeder. Set to TCP only: by default it
    /// tries uTP first, which isofleet does not speak, and reaches the seeder over TCP ~5–9 s later.
    /// Peer-country lookup is off, or it tries to download a GeoIP database.
    @Test(arguments: Link.allCases)
    func qBittorrentDownloads(from link: Link) async throws {
        let swarm = try await SeededSwarm(seed: 84, tracker: true)
        defer { swarm.stop() }
        let source = try swarm.source(link, clientNeedsTracker: false)
        let profile = swarm.path("qbittorrent")
        let downloads = swarm.path("qbittorrent-downloads")
        let webPort = try FreePort.next()
        try FileManager.default.createDirectory(
            atPath: profile + "/qBittorrent/config", withIntermediateDirectories: true)
        let configuration = #"""
            [LegalNotice]
            Accepted=true

            [BitTorrent]
            Session\Port=\#(try FreePort.next())
            Session\Interface=lo
            Session\InterfaceName=lo
            Session\InterfaceAddress=127.0.0.1
            Session\BTProtocol=TCP
            Session\DHTEnabled=false
            Session\LSDEnabled=false
            Session\PeXEnabled=false
            Session\DefaultSavePath=\#(downloads)
            Session\TempPathEnabled=false
            Session\QueueingSystemEnabled=false

            [Network]
            PortForwardingEnabled=false

            [Preferences]
            Connection\ResolvePeerCountries=false
            WebUI\Address=127.0.0.1
            WebUI\Port=\#(webPort)
            WebUI\LocalHostAuth=false
            WebUI\HostHeaderValidation=false
            WebUI\CSRFProtection=false

            """#
        try configuration.write(
            toFile: profile + "/qBittorrent/config/qBittorrent.conf", atomically: true, encoding: .utf8)
        let qbittorrent = try swarm.launch("qbittorrent-nox", ["--profile=\(profile)"])
        try await FreePort.waitUntilListening(port: webPort, timeout: .seconds(20))

        let api = "http://127.0.0.1:\(webPort)/api/v2"
        let form = link == .magnet ? ["--data-urlencode", "urls=\(source)"] : ["-F", "torrents=@\(source)"]
        let added = try CommandResult.run("curl", ["-sS", "--max-time", "10", api + "/torrents/add"] + form)
        try #require(added.stdout == "Ok.", "torrents/add answered: \(added.stdout) \(added.stderr)")
        let info = {
            (try? CommandResult.run("curl", ["-sS", "--max-time", "5", api + "/torrents/info"]).stdout) ?? ""
        }
        try await swarm.waitUntil("qBittorrent completes", timeout: .seconds(40), log: info) {
            let torrents = try? JSONSerialization.jsonObject(with: Data(info().utf8)) as? [[String: Any]]
            return (torrents?.first?["progress"] as? Double) == 1
        }
        await swarm.expectImage(at: downloads + "/image.iso", from: "qBittorrent")
        qbittorrent.signal(SIGKILL)
    }
}
