import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet manifest build DIR` (the origin role, design §3): identities from file names and
/// sidecars, SHA-256 and deterministic torrents, byte-identical output across runs, a node that
/// syncs and updates from the result over nginx, and bad input refused with exit 2.
@Suite(.timeLimit(.minutes(2)))
struct ManifestBuildTests {
    /// An origin folder: a parseable Ubuntu name at the top, a sidecar-described image in a
    /// sub-folder whose name has a space (URLs must encode it).
    private func originFolder(_ cli: CLI) throws -> (root: String, ubuntu: Data, custom: Data) {
        let root = cli.directory.appending("origin")
        try FileManager.default.createDirectory(atPath: root + "/custom", withIntermediateDirectories: true)
        let ubuntu = ImageGenerator.bytes(seed: 11, size: 700 * 1024)
        try ubuntu.write(to: URL(fileURLWithPath: root + "/ubuntu-22.04.3-live-server-amd64.iso"))
        let custom = ImageGenerator.bytes(seed: 12, size: 300 * 1024)
        try custom.write(to: URL(fileURLWithPath: root + "/custom/our build.iso"))
        try
            #"{"family": "Linux", "name": "Custom", "flavor": "Desktop", "version": "1.2.3", "arch": "arm64", "display_name": "Our build 1.2.3"}"#
            .write(toFile: root + "/custom/our build.iso.json", atomically: true, encoding: .utf8)
        return (root, ubuntu, custom)
    }

    @Test func publishesIdentityHashesAndTorrents() throws {
        let cli = try CLI()
        let origin = try originFolder(cli)
        let out = cli.directory.appending("manifest.json")
        let result = try cli.run(
            "manifest", "build", origin.root, "--base-url", "https://origin.example/isos", "--out", out, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(keys(summary) == ["manifest", "images"])
        let listed = try #require(summary["images"] as? [[String: Any]])
        #expect(
            listed.map { $0["file"] as? String } == ["custom/our build.iso", "ubuntu-22.04.3-live-server-amd64.iso"])
        #expect(
            keys(listed.first) == [
                "file", "family", "name", "flavor", "version", "arch", "sha256", "size", "info_hash_v1", "info_hash_v2",
                "torrent",
            ])

        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(manifest["format"] as? String == "isofleet-manifest/1")
        let images = try #require(manifest["images"] as? [[String: Any]])
        #expect(images.count == 2)
        let custom = images[0]
        let ubuntu = images[1]
        #expect(custom["name"] as? String == "Custom" && custom["flavor"] as? String == "Desktop")
        #expect(custom["arch"] as? String == "arm64" && custom["display_name"] as? String == "Our build 1.2.3")
        #expect(custom["sha256"] as? String == SHA256.hex(of: origin.custom))
        #expect(custom["size"] as? Int == origin.custom.count)
        #expect(ubuntu["name"] as? String == "Ubuntu" && ubuntu["flavor"] as? String == "Server")
        #expect((ubuntu["version"] as? [String: String]) == ["major": "22", "minor": "04", "patch": "3"])
        #expect(ubuntu["sha256"] as? String == SHA256.hex(of: origin.ubuntu))
        #expect(ubuntu["file_name"] as? String == "ubuntu-22.04.3-live-server-amd64.iso")

        let customSources = try #require(custom["sources"] as? [String: Any])
        #expect(customSources["http"] as? [String] == ["https://origin.example/isos/custom/our%20build.iso"])
        #expect(customSources["torrent"] as? String == "https://origin.example/isos/custom/our%20build.iso.torrent")
        let magnet = try #require(customSources["magnet"] as? String)
        #expect(magnet.contains("xt=urn:btih:\(listed[0]["info_hash_v1"] as? String ?? "?")"))
        #expect(FileManager.default.fileExists(atPath: origin.root + "/custom/our build.iso.torrent"))

        // The torrent is the one `torrent create` makes for the same bytes under the name the default
        // layout gives the image (what a node that fetched it seeds): same info-hash.
        #expect(magnet.contains("dn=custom.desktop-1.2.3.iso"), "\(magnet)")
        let copy = cli.directory.appending("custom.desktop-1.2.3.iso")
        try origin.custom.write(to: URL(fileURLWithPath: copy))
        let created = try cli.run("torrent", "create", copy, "--json", "--output", cli.directory.appending("c.torrent"))
        let createdJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        #expect(createdJSON["info_hash_v1"] as? String == listed[0]["info_hash_v1"] as? String)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: origin.root).allSatisfy { !$0.hasPrefix(".") },
            "the temporary links are gone")

        // Without a base URL: the magnet is the only source, and the manifest still parses on a node.
        let bare = try cli.run("manifest", "build", origin.root, "--out", cli.directory.appending("bare.json"))
        #expect(bare.status == 0, "\(bare.stderr)")
        let config = try cli.writeFile(
            "bare.conf", "manifest.url = \(URL(fileURLWithPath: cli.directory.appending("bare.json")).absoluteString)\n"
        )
        let sync = try cli.run("sync", "--config", config)
        #expect(sync.status == 0, "\(sync.stderr)")
    }

    @Test func sameFolderGivesTheSameBytes() throws {
        let cli = try CLI()
        let origin = try originFolder(cli)
        var manifests: [Data] = []
        var torrents: [Data] = []
        for run in 0..<2 {
            let out = cli.directory.appending("manifest-\(run).json")
            let torrentsDirectory = cli.directory.appending("torrents-\(run)")
            let result = try cli.run(
                "manifest", "build", origin.root, "--base-url", "http://o.example/", "--out", out, "--torrents",
                torrentsDirectory)
            #expect(result.status == 0, "\(result.stderr)")
            manifests.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            torrents.append(
                try Data(
                    contentsOf: URL(
                        fileURLWithPath: torrentsDirectory + "/ubuntu-22.04.3-live-server-amd64.iso.torrent")))
            // Torrents outside the folder are not served with it: no sources.torrent, the magnet stays.
            let text = String(decoding: manifests[run], as: UTF8.self)
            #expect(!text.contains("\"torrent\"") && text.contains("\"magnet\""))
        }
        #expect(manifests[0] == manifests[1])
        #expect(torrents[0] == torrents[1])
    }

    @Test func nodeSyncsAndUpdatesFromTheBuiltManifest() async throws {
        let fixture = try UpdateCLIFixture()
        let ubuntu = ImageGenerator.bytes(seed: 21, size: 1 << 20)
        try ubuntu.write(to: URL(fileURLWithPath: fixture.origin + "/ubuntu-22.04.3-live-server-amd64.iso"))
        let debian = ImageGenerator.bytes(seed: 22, size: 512 * 1024)
        try debian.write(to: URL(fileURLWithPath: fixture.origin + "/debian-12.5.0-amd64-netinst.iso"))
        let nginx = try await fixture.nginx()

        let build = try fixture.cli.run(
            "manifest", "build", fixture.origin, "--base-url", nginx.url("").absoluteString, "--out",
            fixture.manifestPath)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@22").status == 0)
        #expect(try fixture.run("select", "add", "Linux/Debian/*@12").status == 0)
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 0, "\(sync.stderr)")
        let update = try fixture.run("update", "--json")
        #expect(update.status == 0, "\(update.stderr)")
        let files = fixture.repositoryFiles()
        #expect(files.count == 2, "\(files)")
        let held = try files.map { try Data(contentsOf: URL(fileURLWithPath: fixture.repositoryFile($0))) }
        #expect(Set(held.map { SHA256.hex(of: $0) }) == [SHA256.hex(of: ubuntu), SHA256.hex(of: debian)])
        // The node's placed files give the manifest's torrents (the info-hash it will seed).
        let manifestHashes = Set(
            try #require(
                (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture.manifestPath)))
                    as? [String: Any])?["images"]
                    as? [[String: Any]]
            ).compactMap { image -> String? in
                let magnet = (image["sources"] as? [String: Any])?["magnet"] as? String ?? ""
                return magnet.split(separator: "&").first { $0.contains("btih:") }.map {
                    String($0.split(separator: ":").last ?? "")
                }
            })
        var placedHashes: Set<String> = []
        for file in files {
            let created = try fixture.cli.run(
                "torrent", "create", fixture.repositoryFile(file), "--json", "--output",
                fixture.cli.directory.appending("t.torrent"))
            let json = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
            placedHashes.insert(json?["info_hash_v1"] as? String ?? "?")
        }
        #expect(placedHashes == manifestHashes && manifestHashes.count == 2)
        // The origin served each image's bytes, and serves the torrents the manifest names.
        #expect(nginx.bodyBytesServed(for: "/ubuntu-22.04.3-live-server-amd64.iso") >= Int64(ubuntu.count))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture.manifestPath)))
                as? [String: Any])
        for image in try #require(manifest["images"] as? [[String: Any]]) {
            let torrent = try #require((image["sources"] as? [String: Any])?["torrent"] as? String)
            let fetched = try CommandResult.run("curl", ["-sf", "--max-time", "10", torrent])
            #expect(fetched.status == 0 && fetched.stdout.hasPrefix("d"), "\(torrent): \(fetched.stderr)")
        }
    }

    @Test func aRunningNodeIsTheOriginOfAnother() async throws {
        // Node A holds an image (scanned in) and serves it; node B's manifest.url is A's /manifest.json.
        let a = try CLI()
        let data = ImageGenerator.bytes(seed: 31, size: 1 << 20)
        let relative = "Linux/Debian - Netinst/debian.netinst-12.5.0.iso"
        try FileManager.default.createDirectory(
            atPath: a.repository + "/Linux/Debian - Netinst", withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: a.repository + "/" + relative))
        let webPort = try FreePort.next()
        let config = try a.writeFile(
            "a.conf",
            """
            web.listen = 127.0.0.1:\(webPort)
            swarm.listen = 127.0.0.1:0
            admin.token = origin-admin-token-16
            """)
        #expect(try a.run("scan", "--config", config).status == 0)
        let node = try ChildProcess(
            BuiltProducts.isofleet, ["serve", "--config", config], logDirectory: a.directory.path,
            environment: a.environment, workingDirectory: a.directory.path)
        defer { if node.isRunning { node.signal(SIGKILL) } }
        try await FreePort.waitUntilListening(port: webPort, timeout: .seconds(20))
        let base = "http://127.0.0.1:\(webPort)"

        let range = try CommandResult.run(
            "curl",
            [
                "-s", "--max-time", "10", "-r", "100-199", "-o", a.directory.appending("range"), "-w", "%{http_code}",
                base + "/files/Linux/Debian%20-%20Netinst/debian.netinst-12.5.0.iso",
            ])
        #expect(range.stdout == "206")
        #expect(try Data(contentsOf: URL(fileURLWithPath: a.directory.appending("range"))) == data[100..<200])

        let b = try CLI()
        let bConfig = try b.writeFile("b.conf", "manifest.url = \(base)/manifest.json\n")
        #expect(try b.run("select", "add", "Linux/Debian/Netinst@12", "--config", bConfig).status == 0)
        let update = try b.run("update", "--config", bConfig)
        #expect(update.status == 0, "\(update.stderr)")
        let fetched = try Data(contentsOf: URL(fileURLWithPath: b.repository + "/" + relative))
        #expect(SHA256.hex(of: fetched) == SHA256.hex(of: data))
        node.signal(SIGTERM)
        #expect(try await node.waitForExit(timeout: .seconds(20)) == 0, "\(node.standardError())")
    }

    @Test func badInputExitsTwoNamingTheProblem() throws {
        let cli = try CLI()
        let empty = cli.directory.appending("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try cli.run("manifest", "build", empty)
        #expect(none.status == 2 && none.hasOneLineError && none.stderr.contains("no .iso"), "\(none.stderr)")

        let origin = try originFolder(cli)
        try ImageGenerator.bytes(seed: 3, size: 1024).write(
            to: URL(fileURLWithPath: origin.root + "/mystery-thing.iso"))
        let unparseable = try cli.run("manifest", "build", origin.root)
        #expect(unparseable.status == 2 && unparseable.hasOneLineError, "\(unparseable.stderr)")
        #expect(unparseable.stderr.contains("mystery-thing.iso"))
        #expect(!FileManager.default.fileExists(atPath: origin.root + "/manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: origin.root + "/ubuntu-22.04.3-live-server-amd64.iso.torrent"))

        try "{\"family\": \"Linux\"}".write(
            toFile: origin.root + "/mystery-thing.iso.json", atomically: true, encoding: .utf8)
        let badSidecar = try cli.run("manifest", "build", origin.root)
        #expect(badSidecar.status == 2 && badSidecar.hasOneLineError, "\(badSidecar.stderr)")
        #expect(badSidecar.stderr.contains("mystery-thing.iso.json") && badSidecar.stderr.contains("name"))

        // A sidecar naming a SHA-256 the file does not have: a verification failure, exit 1.
        try
            #"{"family": "Linux", "name": "Mystery", "flavor": "Live", "version": "1", "sha256": "\#(String(repeating: "0", count: 64))"}"#
            .write(toFile: origin.root + "/mystery-thing.iso.json", atomically: true, encoding: .utf8)
        let mismatch = try cli.run("manifest", "build", origin.root)
        #expect(
            mismatch.status == 1 && mismatch.hasOneLineError && mismatch.stderr.contains("mystery-thing.iso"),
            "\(mismatch.stderr)")

        let notDirectory = try cli.run("manifest", "build", cli.directory.appending("nowhere"))
        #expect(notDirectory.status == 2 && notDirectory.hasOneLineError)
        let badURL = try cli.run("manifest", "build", origin.root, "--base-url", "ftp://x/")
        #expect(badURL.status == 2 && badURL.hasOneLineError)
    }
}
