import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet manifest build URL` on a `file://` folder (the remote path every protocol shares):
/// each image read once, the manifest, SHA-256 and torrents identical to the local build of the
/// same files, `sources.file` naming each image's URL, and by default the manifest and torrents
/// written into the remote folder.
@Suite(.timeLimit(.minutes(2)))
struct RemoteManifestBuildTests {
    /// A folder: a parseable Ubuntu name (larger than one piece, not a whole number of pieces),
    /// and a sidecar-described image in a sub-folder whose name has a space.
    private func originFolder(_ cli: CLI) throws -> String {
        let root = cli.directory.appending("bucket")
        try cli.writeImage(root + "/ubuntu-22.04.3-live-server-amd64.iso", seed: 41, size: 700 * 1024 + 123)
        try cli.writeImage(root + "/custom/our build.iso", seed: 42, size: 300 * 1024)
        try
            #"{"family": "Linux", "name": "Custom", "flavor": "Desktop", "version": "1.2.3", "arch": "arm64", "display_name": "Our build 1.2.3"}"#
            .write(toFile: root + "/custom/our build.iso.json", atomically: true, encoding: .utf8)
        return root
    }

    private func object(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func matchesTheLocalBuildOfTheSameFiles() throws {
        let cli = try CLI()
        let root = try originFolder(cli)
        let url = URL(fileURLWithPath: root).absoluteString
        let local = try cli.run(
            "manifest", "build", root, "--base-url", "https://o.example/isos/", "--out",
            cli.directory.appending("local.json"),
            "--torrents", cli.directory.appending("local-torrents"))
        #expect(local.status == 0, "\(local.stderr)")
        let remote = try cli.run(
            "manifest", "build", url, "--base-url", "https://o.example/isos/", "--out",
            cli.directory.appending("remote.json"), "--torrents", cli.directory.appending("remote-torrents"), "--json")
        #expect(remote.status == 0, "\(remote.stderr)")

        let localManifest = try object(cli.directory.appending("local.json"))
        let remoteManifest = try object(cli.directory.appending("remote.json"))
        #expect(remoteManifest["generated"] as? String == localManifest["generated"] as? String)
        let localImages = try #require(localManifest["images"] as? [[String: Any]])
        let remoteImages = try #require(remoteManifest["images"] as? [[String: Any]])
        #expect(remoteImages.count == 2 && localImages.count == 2)
        for (mine, theirs) in zip(remoteImages, localImages) {
            for key in ["family", "name", "flavor", "arch", "display_name", "file_name", "size", "sha256"] {
                #expect("\(mine[key] ?? "nil")" == "\(theirs[key] ?? "nil")", "\(key)")
            }
            let mySources = try #require(mine["sources"] as? [String: Any])
            let theirSources = try #require(theirs["sources"] as? [String: Any])
            #expect(mySources["magnet"] as? String == theirSources["magnet"] as? String)
            #expect(mySources["http"] as? [String] == theirSources["http"] as? [String])
        }
        let custom = try #require(remoteImages.first?["sources"] as? [String: Any])
        #expect(custom["file"] as? [String] == [url + "custom/our%20build.iso"])
        #expect(custom["http"] as? [String] == ["https://o.example/isos/custom/our%20build.iso"])
        #expect(
            remoteImages.first?["sha256"] as? String
                == SHA256.hex(of: ImageGenerator.bytes(seed: 42, size: 300 * 1024)))
        // Byte-identical torrents: the same info-hash every node computes for its placed file.
        for name in ["ubuntu-22.04.3-live-server-amd64.iso.torrent", "custom/our build.iso.torrent"] {
            let mine = FileManager.default.contents(atPath: cli.directory.appending("remote-torrents/" + name))
            let theirs = FileManager.default.contents(atPath: cli.directory.appending("local-torrents/" + name))
            #expect(mine != nil && mine == theirs, "\(name)")
        }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(remote.stdout.utf8)) as? [String: Any])
        let listed = try #require(summary["images"] as? [[String: Any]])
        #expect(
            listed.map { $0["file"] as? String } == ["custom/our build.iso", "ubuntu-22.04.3-live-server-amd64.iso"])
        // And the one `torrent create` makes for the bytes under the layout's name.
        let copy = cli.directory.appending("ubuntu.server-22.04.3.iso")
        try FileManager.default.copyItem(atPath: root + "/ubuntu-22.04.3-live-server-amd64.iso", toPath: copy)
        let create = try cli.run("torrent", "create", copy, "--json")
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout.contains(listed[1]["info_hash_v1"] as? String ?? "?"), "\(create.stdout)")
    }

    @Test func writesIntoTheRemoteFolderByDefault() throws {
        let cli = try CLI()
        let root = try originFolder(cli)
        let url = URL(fileURLWithPath: root).absoluteString
        let result = try cli.run("manifest", "build", url, "--base-url", "https://o.example/isos/")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("manifest: \(url)manifest.json (2 image(s))"), "\(result.stdout)")
        let manifest = try object(root + "/manifest.json")
        let images = try #require(manifest["images"] as? [[String: Any]])
        let sources = try #require(images.first?["sources"] as? [String: Any])
        #expect(sources["torrent"] as? String == "https://o.example/isos/custom/our%20build.iso.torrent")
        #expect(FileManager.default.fileExists(atPath: root + "/custom/our build.iso.torrent"))
        #expect(FileManager.default.fileExists(atPath: root + "/ubuntu-22.04.3-live-server-amd64.iso.torrent"))
        // No temporary file is left in the folder.
        let left = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            $0.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func signsTheManifestItWritesIntoTheFolder() throws {
        let cli = try CLI()
        let root = try originFolder(cli)
        let key = cli.directory.appending("origin-key.pem")
        #expect(try CommandResult.run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]).status == 0)
        let printed = try cli.run("manifest", "sign", "--key", key, "--print-public-key")
        let publicKey = printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let build = try cli.run("manifest", "build", URL(fileURLWithPath: root).absoluteString, "--sign", key)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/manifest.json.sig"))
        // A node that trusts only that key accepts it.
        let config = try cli.writeFile(
            "signed.conf",
            "manifest.url = \(URL(fileURLWithPath: root + "/manifest.json").absoluteString)\nmanifest.keys = \(publicKey)\n"
        )
        let sync = try cli.run("sync", "--force", "--config", config)
        #expect(sync.status == 0, "\(sync.stderr)")
    }

    @Test func aNodeFetchesFromTheFileSources() throws {
        let cli = try CLI()
        let root = try originFolder(cli)
        let url = URL(fileURLWithPath: root).absoluteString
        let out = cli.directory.appending("published.json")
        let build = try cli.run("manifest", "build", url, "--out", out, "--torrents", cli.directory.appending("t"))
        #expect(build.status == 0, "\(build.stderr)")
        // A node reads file:// sources only below import.roots (or a file:// mirror).
        let config = try cli.writeFile(
            "node.conf", "manifest.url = \(URL(fileURLWithPath: out).absoluteString)\nimport.roots = \(root)\n")
        #expect(try cli.run("select", "add", "Linux/Ubuntu/Server@22", "--config", config).status == 0)
        let sync = try cli.run("sync", "--force", "--config", config)
        #expect(sync.status == 0, "\(sync.stderr)")
        let update = try cli.run("update", "--config", config)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(
            FileManager.default.contents(atPath: cli.repository + "/Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso")
                == ImageGenerator.bytes(seed: 41, size: 700 * 1024 + 123))
    }

    @Test func aMissingFolderIsExit2() throws {
        let cli = try CLI()
        let missing = URL(fileURLWithPath: cli.directory.appending("gone")).absoluteString + "/"
        let result = try cli.run("manifest", "build", missing, "--out", cli.directory.appending("m.json"))
        #expect(result.status == 2)
        #expect(result.hasOneLineError, "\(result.stderr)")
        #expect(result.stderr.contains("gone"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appending("m.json")))
    }
}

/// `isofleet manifest build s3://bucket/prefix/` against moto (non-verifying: listings with `/`
/// in the prefix, storage notes): `sources.s3`, the SHA-256 of the object, and the manifest and
/// torrents written into the bucket by default.
@Suite(.timeLimit(.minutes(3)))
struct RemoteManifestBuildS3Tests {
    @Test func publishesABucketPrefix() async throws {
        let cli = try CLI()
        let moto = try await MotoS3.start(in: cli.directory, verifySignatures: false, buckets: ["fleet-origin"])
        defer { withExtendedLifetime(moto) {} }
        let ubuntu = try cli.writeImage("staging/ubuntu.iso", seed: 61, size: 500 * 1024 + 17)
        try await moto.put(bucket: "fleet-origin", key: "isos/ubuntu-22.04.3-live-server-amd64.iso", file: ubuntu)
        let config = try cli.writeFile("s3.conf", "s3.endpoint = \(moto.endpoint.absoluteString)\n")
        var environment = cli.environment.merging(moto.environment) { $1 }
        environment["AWS_SESSION_TOKEN"] = nil
        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            [
                "manifest", "build", "s3://fleet-origin/isos/", "--config", config, "--base-url",
                "https://cdn.example/isos/",
            ],
            environment: environment, workingDirectory: cli.directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("manifest: s3://fleet-origin/isos/manifest.json (1 image(s))"), "\(result.stdout)")

        let manifestHead = try await moto.head(bucket: "fleet-origin", key: "isos/manifest.json")
        #expect(manifestHead.size > 0)
        let torrentHead = try await moto.head(
            bucket: "fleet-origin", key: "isos/ubuntu-22.04.3-live-server-amd64.iso.torrent")
        #expect(torrentHead.size > 0)

        // The same build to a local file, to read it: sources.s3 names the object.
        let out = cli.directory.appending("m.json")
        let local = try CommandResult.run(
            BuiltProducts.isofleet,
            [
                "manifest", "build", "s3://fleet-origin/isos/", "--config", config, "--out", out, "--torrents",
                cli.directory.appending("t"),
            ],
            environment: environment, workingDirectory: cli.directory.path)
        #expect(local.status == 0, "\(local.stderr)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let image = try #require((manifest["images"] as? [[String: Any]])?.first)
        let sources = try #require(image["sources"] as? [String: Any])
        #expect(sources["s3"] as? [String] == ["s3://fleet-origin/isos/ubuntu-22.04.3-live-server-amd64.iso"])
        #expect(image["sha256"] as? String == SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: ubuntu))))
        #expect(image["size"] as? Int == 500 * 1024 + 17)
        #expect(
            torrentHead.size
                == Int64(
                    (try? Data(
                        contentsOf: URL(
                            fileURLWithPath: cli.directory.appending("t/ubuntu-22.04.3-live-server-amd64.iso.torrent"))))?
                        .count ?? -1))
    }
}
