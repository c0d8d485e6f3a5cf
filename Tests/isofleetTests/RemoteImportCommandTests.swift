import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet import URL` from a `file://` folder (the remote-folder path every protocol shares):
/// images land at their layout paths through `incomplete/`, hashed once, sidecars respected,
/// images held already not copied again, unclassified names recorded; `--move` and a missing
/// folder refused with one line.
@Suite(.timeLimit(.minutes(2)))
struct RemoteImportCommandTests {
    /// A remote folder: a parseable Ubuntu name, a sidecar-described image in a sub-folder whose
    /// name has a space, a name no parser reads, and a hidden file.
    private func remoteFolder(
        _ cli: CLI, sidecarSHA256: String? = nil
    ) throws -> (url: String, ubuntu: Data, custom: Data) {
        let root = cli.directory.appending("share")
        let ubuntu = ImageGenerator.bytes(seed: 31, size: 600 * 1024)
        let custom = ImageGenerator.bytes(seed: 32, size: 300 * 1024)
        try cli.writeImage(root + "/ubuntu-22.04.3-live-server-amd64.iso", seed: 31, size: 600 * 1024)
        try cli.writeImage(root + "/builds/our build.iso", seed: 32, size: 300 * 1024)
        try
            #"{"family": "Linux", "name": "Custom", "flavor": "Desktop", "version": "1.2.3", "display_name": "Our build", "sha256": "\#(sidecarSHA256 ?? SHA256.hex(of: custom))"}"#
            .write(toFile: root + "/builds/our build.iso.json", atomically: true, encoding: .utf8)
        try cli.writeImage(root + "/holiday.iso", seed: 33, size: 64 * 1024)
        try cli.writeImage(root + "/.hidden-ubuntu-24.04-live-server-amd64.iso", seed: 34, size: 64 * 1024)
        return (URL(fileURLWithPath: root).absoluteString, ubuntu, custom)
    }

    @Test func importsIntoTheLayoutAndSkipsWhatIsHeld() throws {
        let cli = try CLI()
        let remote = try remoteFolder(cli)
        let report = try #require(try cli.json("import", remote.url, "--json") as? [String: Any])
        let imported = try #require(report["imported"] as? [[String: Any]])
        let byPath = Dictionary(uniqueKeysWithValues: imported.map { ($0["path"] as? String ?? "?", $0) })
        let ubuntuPath = "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"
        let customPath = "Linux/Custom - Desktop/custom.desktop-1.2.3.iso"
        #expect(Set(byPath.keys) == [ubuntuPath, customPath])
        #expect(imported.allSatisfy { $0["outcome"] as? String == "copied" && $0["source"] as? String == "import" })
        #expect(byPath[ubuntuPath]?["sha256"] as? String == SHA256.hex(of: remote.ubuntu))
        #expect(byPath[customPath]?["sha256"] as? String == SHA256.hex(of: remote.custom))
        #expect(byPath[customPath]?["display_name"] as? String == "Our build")
        #expect(byPath[customPath]?["from"] as? String == remote.url + "builds/our%20build.iso")
        #expect(FileManager.default.contents(atPath: cli.repository + "/" + ubuntuPath) == remote.ubuntu)
        #expect(FileManager.default.contents(atPath: cli.repository + "/" + customPath) == remote.custom)
        let skipped = try #require(report["skipped"] as? [[String: Any]])
        #expect(
            Set(skipped.compactMap { ($0["from"] as? String)?.split(separator: "/").last.map(String.init) }) == [
                "holiday.iso", ".hidden-ubuntu-24.04-live-server-amd64.iso",
            ])
        #expect((report["failed"] as? [Any])?.isEmpty == true)
        // Nothing left behind in the incomplete area, no temporary file beside the images.
        let incomplete = (try? FileManager.default.contentsOfDirectory(atPath: cli.dataDirectory + "/incomplete")) ?? []
        #expect(incomplete.isEmpty, "\(incomplete)")
        let repositoryFiles = FileManager.default.enumerator(atPath: cli.repository)?.allObjects as? [String] ?? []
        #expect(repositoryFiles.filter { $0.hasSuffix(".iso") }.count == 2, "\(repositoryFiles)")
        #expect(!repositoryFiles.contains { $0.contains(".partial") }, "\(repositoryFiles)")

        // Run again: both are held with the same size and SHA-256, nothing is copied.
        let again = try #require(try cli.json("import", remote.url, "--json") as? [String: Any])
        let second = try #require(again["imported"] as? [[String: Any]])
        #expect(second.count == 2)
        #expect(second.allSatisfy { $0["outcome"] as? String == "already_present" }, "\(second)")
        #expect((try cli.json("catalog", "list", "--json") as? [Any])?.count == 2)

        // The name no parser reads is listed as not classified, under its URL.
        let scan = try cli.run("scan")
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("unclassified  \(remote.url)holiday.iso"), "\(scan.stdout)")
    }

    @Test func textOutputShowsEachFileAndASummary() throws {
        let cli = try CLI()
        let remote = try remoteFolder(cli)
        let result = try cli.run("import", remote.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "copied \(remote.url)ubuntu-22.04.3-live-server-amd64.iso -> Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"
            ), "\(result.stdout)")
        #expect(result.stdout.contains("2 imported, 2 skipped, 0 failed"), "\(result.stdout)")
    }

    @Test func aSidecarChecksumThatDoesNotMatchPlacesNothing() throws {
        let cli = try CLI()
        let remote = try remoteFolder(cli, sidecarSHA256: String(repeating: "ab", count: 32))
        let result = try cli.run("import", remote.url)
        #expect(result.status == 1)
        #expect(result.hasOneLineError, "\(result.stderr)")
        #expect(result.stderr.contains("our%20build.iso"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.repository + "/Linux/Custom - Desktop"))
        // The other image is still brought in.
        #expect(
            FileManager.default.contents(atPath: cli.repository + "/Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso")
                == remote.ubuntu)
        let incomplete = (try? FileManager.default.contentsOfDirectory(atPath: cli.dataDirectory + "/incomplete")) ?? []
        #expect(incomplete.isEmpty, "\(incomplete)")
    }

    @Test func moveOrLinkFromAURLIsRefused() throws {
        let cli = try CLI()
        let remote = try remoteFolder(cli)
        for mode in ["--move", "--link"] {
            let result = try cli.run("import", remote.url, mode)
            #expect(result.status == 2, "\(mode)")
            #expect(result.hasOneLineError, "\(mode): \(result.stderr)")
            #expect(result.stderr.contains("--copy"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.repository + "/Linux"))
    }

    @Test func aMissingFolderOrABadURLIsExit2() throws {
        let cli = try CLI()
        let missing = URL(fileURLWithPath: cli.directory.appending("no-such-share")).absoluteString + "/"
        let result = try cli.run("import", missing)
        #expect(result.status == 2)
        #expect(result.hasOneLineError, "\(result.stderr)")
        #expect(result.stderr.contains("no-such-share"), "\(result.stderr)")
        for url in ["ftp://host/dir/", "smb://:secret@host/share/"] {
            let bad = try cli.run("import", url)
            #expect(bad.status == 2, "\(url)")
            #expect(bad.hasOneLineError, "\(url): \(bad.stderr)")
        }
    }
}

/// `isofleet import s3://bucket/prefix/` against moto (listings with `/` in the prefix need a
/// non-verifying moto: storage notes), credentials from the environment, `s3.endpoint` from the
/// configuration.
@Suite(.timeLimit(.minutes(3)))
struct RemoteImportS3Tests {
    @Test func importsFromABucketPrefix() async throws {
        let cli = try CLI()
        let moto = try await MotoS3.start(in: cli.directory, verifySignatures: false, buckets: ["fleet-isos"])
        defer { withExtendedLifetime(moto) {} }
        let ubuntu = try cli.writeImage("staging/ubuntu.iso", seed: 51, size: 400 * 1024)
        let custom = try cli.writeImage("staging/build.iso", seed: 52, size: 200 * 1024)
        let sidecar = try cli.writeFile(
            "build.iso.json", #"{"family": "Linux", "name": "Custom", "flavor": "Desktop", "version": "2.0"}"#)
        try await moto.put(bucket: "fleet-isos", key: "isos/ubuntu-22.04.3-live-server-amd64.iso", file: ubuntu)
        try await moto.put(bucket: "fleet-isos", key: "isos/team/build.iso", file: custom)
        try await moto.put(bucket: "fleet-isos", key: "isos/team/build.iso.json", file: sidecar)
        try await moto.put(bucket: "fleet-isos", key: "other/debian-12.5.0-amd64-netinst.iso", file: custom)
        let config = try cli.writeFile("s3.conf", "s3.endpoint = \(moto.endpoint.absoluteString)\n")

        var environment = cli.environment.merging(moto.environment) { $1 }
        environment["AWS_SESSION_TOKEN"] = nil
        let result = try CommandResult.run(
            BuiltProducts.isofleet, ["import", "s3://fleet-isos/isos/", "--config", config, "--json"],
            environment: environment, workingDirectory: cli.directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let imported = try #require(report["imported"] as? [[String: Any]])
        #expect(
            Set(imported.compactMap { $0["from"] as? String }) == [
                "s3://fleet-isos/isos/ubuntu-22.04.3-live-server-amd64.iso", "s3://fleet-isos/isos/team/build.iso",
            ])
        #expect(imported.allSatisfy { $0["outcome"] as? String == "copied" })
        #expect(
            FileManager.default.contents(atPath: cli.repository + "/Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso")
                == FileManager.default.contents(atPath: ubuntu))
        let placed = try #require(
            FileManager.default.contents(atPath: cli.repository + "/Linux/Custom - Desktop/custom.desktop-2.0.iso"))
        #expect(SHA256.hex(of: placed) == SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: custom))))
        #expect((report["failed"] as? [Any])?.isEmpty == true)
    }
}
