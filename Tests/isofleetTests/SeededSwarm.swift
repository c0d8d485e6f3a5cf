import Digest
import Foundation
import TestSupport
import Testing

/// A generated image seeded by an `isofleet seed` child process with default options on
/// 127.0.0.1, optionally announced to a real opentracker, and the client processes a test
/// launches. `stop()`, or dropping the value, kills every process it started.
final class SeededSwarm {
    static let imageSize = 4 << 20 + 5
    let cli: CLI
    let image: String
    let imageSHA256: String
    /// The v1 info-hash `isofleet torrent create` gives the image with the seeder's options.
    let infoHash: String
    /// The tracker's announce URL, passed to the seeder with `--tracker`.
    let announce: String?
    /// The .torrent path and magnet `isofleet seed` printed.
    private(set) var torrentPath = ""
    private(set) var magnet = ""
    /// The seeder's port: 0 (the kernel's choice) until it first listens.
    private var port: UInt16 = 0
    private var printed: String?
    private var seeder: ChildProcess?
    private var processes: [ChildProcess] = []

    init(seed: UInt64, tracker: Bool) async throws {
        cli = try CLI()
        image = try cli.writeImage("images/image.iso", seed: seed, size: Self.imageSize)
        imageSHA256 = SHA256.hex(of: ImageGenerator.bytes(seed: seed, size: Self.imageSize))
        let trackerPort = try FreePort.next()
        announce = tracker ? "http://127.0.0.1:\(trackerPort)/announce" : nil

        var create = ["torrent", "create", image, "--json", "--output", cli.directory.appending("probe.torrent")]
        if let announce { create += ["--tracker", announce] }
        let created = try cli.run(create)
        try #require(created.status == 0, "torrent create: \(created.stderr)")
        let hashes = try #require(
            try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        infoHash = try #require(hashes["info_hash_v1"] as? String, "\(hashes)")
        #expect(hashes["info_hash_v2"] is NSNull, "the default torrent mode is v1: \(hashes)")

        if tracker {
            // opentracker (Debian's build) only tracks whitelisted info-hashes.
            let trackerDirectory = path("tracker")
            try FileManager.default.createDirectory(atPath: trackerDirectory, withIntermediateDirectories: true)
            try Data((infoHash + "\n").utf8).write(to: URL(fileURLWithPath: trackerDirectory + "/whitelist"))
            _ = try launch(
                "opentracker",
                [
                    "-i", "127.0.0.1", "-p", "\(trackerPort)", "-P", "\(trackerPort)", "-d", trackerDirectory,
                    "-w", "whitelist",
                ])
            try await FreePort.waitUntilListening(port: trackerPort)
        }
        try await startSeeder()
        if tracker {
            // A client announcing before the seeder would hear of it only at its next announce.
            try await waitUntil("the tracker lists the seeder", timeout: .seconds(15)) {
                try CommandResult.run(
                    "curl", ["-sS", "--max-time", "5", TrackerScrape.url(port: trackerPort, infoHash: infoHash)]
                ).stdout
                    .contains("8:completei1e")
            }
        }
    }

    /// The absolute path of `relative` in the test directory.
    func path(_ relative: String) -> String { cli.directory.appending(relative) }

    /// Starts `executable` (on PATH), logging into the test directory; killed by `stop()`.
    func launch(_ executable: String, _ arguments: [String]) throws -> ChildProcess {
        let process = try ChildProcess(executable, arguments, logDirectory: cli.directory.path)
        processes.append(process)
        return process
    }

    /// Starts `isofleet seed IMAGE --listen 127.0.0.1:PORT [--tracker URL] [--peer P]...` and waits
    /// for its `TORRENT<TAB>MAGNET` line. The first start lets the kernel pick the port; a restart
    /// asks for the same one, and takes another only if something else holds it by then (the tests
    /// run in parallel). A restarted seeder must print the same line, but for that port.
    func startSeeder(peers: [String] = []) async throws {
        var line = try await launchSeeder(port: port, peers: peers)
        if line == nil { line = try await launchSeeder(port: 0, peers: peers) }
        let fields = try #require(line).trimmingCharacters(in: .newlines).split(separator: "\t").map(String.init)
        try #require(fields.count == 2, "isofleet seed printed: \(line ?? "")")
        let peer = URLComponents(string: fields[1])?.queryItems?.first { $0.name == "x.pe" }?.value
        let listening = try #require(
            peer.flatMap { $0.hasPrefix("127.0.0.1:") ? UInt16($0.dropFirst(10)) : nil },
            "the magnet names the seeder (x.pe=127.0.0.1:PORT): \(fields[1])")
        let normalized = fields.joined(separator: "\t").replacingOccurrences(
            of: "x.pe=127.0.0.1:\(listening)", with: "x.pe=127.0.0.1:PORT")
        if let printed { #expect(normalized == printed, "the restarted seeder printed another line") }
        printed = normalized
        port = listening
        torrentPath = fields[0]
        magnet = fields[1]
        #expect(torrentPath == cli.dataDirectory + "/torrents/image.iso.torrent")
        #expect(
            magnet.hasPrefix("magnet:?xt=urn:btih:\(infoHash)&") && !magnet.contains("urn:btmh:"),
            "a v1 magnet names the v1 info-hash only: \(magnet)")
    }

    /// One `isofleet seed` run, until it prints its line; nil when it could not listen on `port`
    /// (not 0) because something else holds it.
    private func launchSeeder(port: UInt16, peers: [String]) async throws -> String? {
        var arguments = ["seed", image, "--listen", "127.0.0.1:\(port)"]
        if let announce { arguments += ["--tracker", announce] }
        for peer in peers { arguments += ["--peer", peer] }
        let process = try ChildProcess(
            BuiltProducts.isofleet, arguments, logDirectory: cli.directory.path, environment: cli.environment,
            workingDirectory: cli.directory.path)
        processes.append(process)
        seeder = process
        let line = try await poll(
            "isofleet seed prints its torrent and magnet", timeout: .seconds(20), log: { process.standardError() }
        ) { () throws -> String?? in
            let output = process.standardOutput()
            if output.hasSuffix("\n") { return .some(output) }
            if process.isRunning { return nil }
            let error = process.standardError()
            if port != 0, error.contains("cannot listen") { return .some(nil) }
            throw ChildProcessError("isofleet seed exited: \(error)")
        }
        return line
    }

    /// Stops the seeder with SIGTERM, as an operator would; it saves resume data and exits 0.
    func stopSeeder() async throws {
        let process = try #require(seeder)
        process.signal(SIGTERM)
        #expect(try await process.waitForExit(timeout: .seconds(15)) == 0, "\(process.standardError())")
        seeder = nil
    }

    /// The .torrent path or the magnet. A magnet must carry the tracker (`tr=`) when the client has
    /// no other way to find the seeder.
    func source(_ link: ThirdPartyClientTests.Link, clientNeedsTracker: Bool) throws -> String {
        switch link {
        case .torrentFile:
            return torrentPath
        case .magnet:
            if clientNeedsTracker, let announce {
                let trackers = URLComponents(string: magnet)?.queryItems?.filter { $0.name == "tr" }.compactMap(\.value)
                try #require(
                    trackers?.contains(announce) == true,
                    "`isofleet seed --tracker \(announce)` printed a magnet without tr=, which this client needs: \(magnet)"
                )
            }
            return magnet
        }
    }

    /// Expects `path` to hold the image. A client may say it is complete a moment before its last
    /// write reaches the file (transmission flushes its cache on a timer), so this waits up to 5 s.
    func expectImage(at path: String, from client: String) async {
        var digest = Self.sha256(path)
        let deadline = ContinuousClock.now + .seconds(5)
        while digest != imageSHA256, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(200))
            digest = Self.sha256(path)
        }
        #expect(
            digest == imageSHA256,
            "\(client) saved \(path) with SHA-256 \(digest ?? "(no file)"); the image's is \(imageSHA256)")
    }

    /// Calls `probe` every 200 ms until it returns a value; after `timeout` throws naming `what`,
    /// with the end of `log`.
    func poll<T>(
        _ what: String, timeout: Duration, log: () -> String = { "" }, _ probe: () throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try probe() { return value }
            guard ContinuousClock.now < deadline else {
                throw ChildProcessError("timed out after \(timeout) waiting until \(what): \(log().suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until `condition` holds, as ``poll(_:timeout:log:_:)``.
    func waitUntil(
        _ what: String, timeout: Duration, log: () -> String = { "" }, _ condition: () throws -> Bool
    ) async throws {
        try await poll(what, timeout: timeout, log: log) { try condition() ? () : nil }
    }

    /// Kills every process this swarm started.
    func stop() {
        for process in processes where process.isRunning { process.signal(SIGKILL) }
    }

    private static func sha256(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { SHA256.hex(of: $0) }
    }
}
