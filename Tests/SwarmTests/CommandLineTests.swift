import Foundation
import Swarm
import TestSupport
import Testing

/// The built `isofleet` binary: output shapes and exit codes scripts rely on (design §8).
@Suite(.timeLimit(.minutes(1)))
struct CommandLineTests {
    /// An empty configuration file, so the repository's `config/isofleet.conf` does not leak in.
    static func emptyConfig(in directory: TemporaryDirectory) -> String {
        let path = directory.appending("empty.conf")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }

    @Test func torrentCreateJSONHasTheDocumentedShape() throws {
        let directory = try TemporaryDirectory(prefix: "cli-create")
        let image = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 21, size: 1 << 20)
        let output = directory.appending("out/image.torrent")
        try FileManager.default.createDirectory(atPath: directory.appending("out"), withIntermediateDirectories: true)
        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            [
                "torrent", "create", image, "--piece-size", "65536", "--output", output, "--json",
                "--data-dir", directory.appending("data"),
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["info_hash_v1", "info_hash_v2", "torrent", "piece_size"])
        let expected = try TorrentCreator.create(file: image, pieceSize: 65536)
        #expect(object["info_hash_v1"] as? String == expected.infoHashes.v1)
        #expect(object["info_hash_v2"] as? String == expected.infoHashes.v2)
        #expect(object["torrent"] as? String == output)
        #expect(object["piece_size"] as? Int == 65536)
        #expect(FileManager.default.contents(atPath: output) == expected.data)

        let v1 = try CommandResult.run(
            BuiltProducts.isofleet, ["torrent", "create", image, "--mode", "v1", "--json", "--output", output + "1"])
        let v1Object = try #require(try JSONSerialization.jsonObject(with: Data(v1.stdout.utf8)) as? [String: Any])
        #expect(v1Object["info_hash_v2"] is NSNull)
        #expect((v1Object["info_hash_v1"] as? String)?.count == 40)
        #expect(v1Object["piece_size"] as? Int == 256 << 10, "the default for a 1 MiB file")
    }

    @Test(arguments: [
        (["torrent", "create", "/nonexistent/image.iso", "--json"], "/nonexistent/image.iso"),
        (["torrent", "create", "/etc/hostname", "--piece-size", "1000"], "piece-size"),
        (["torrent", "create", "/etc/hostname", "--mode", "v3"], "mode"),
        (["add", "magnet:?xt=urn:btih:nothex", "--wait"], "magnet"),
        (["add", "/nonexistent/x.torrent", "--wait"], "/nonexistent/x.torrent"),
    ])
    func invalidInputExitsTwoWithOneLineNamingIt(arguments: [String], mention: String) throws {
        let directory = try TemporaryDirectory(prefix: "cli-bad")
        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            arguments + ["--data-dir", directory.path, "--config", Self.emptyConfig(in: directory)])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)")
        #expect(result.stderr.contains(mention))
    }

    @Test(arguments: [
        ("magnet:?xt=urn:btih:nothex", "magnet"), ("/nonexistent/x.torrent", "/nonexistent/x.torrent"),
    ])
    func badInputIsRefusedBeforeTheListenPortIsTaken(source: String, mention: String) throws {
        let directory = try TemporaryDirectory(prefix: "cli-bad-port")
        // Another program holds the port the addition would listen on.
        let (held, port) = try BadInputTests.listeningSocket()
        defer { close(held) }
        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            [
                "add", source, "--wait", "--listen", "127.0.0.1:\(port)", "--data-dir", directory.path,
                "--config", Self.emptyConfig(in: directory),
            ])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(mention) && !result.stderr.contains("cannot listen"), "\(result.stderr)")
    }

    @Test func addRejectsAGarbageTorrentFile() throws {
        let directory = try TemporaryDirectory(prefix: "cli-garbage")
        let path = directory.appending("garbage.torrent")
        try Data("d8:announce".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            ["add", path, "--wait", "--data-dir", directory.path, "--config", Self.emptyConfig(in: directory)])
        #expect(result.status == 2)
        #expect(result.stderr.contains("garbage.torrent"))
    }

    @Test func addWaitDownloadsVerifiesAndPlacesTheImage() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-add")
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(in: directory, size: 3 << 20 + 5, seed: 22)
        let seederAddress = try await SwarmTestSupport.address(of: seeder)
        let dataDirectory = directory.appending("data")
        let add = try ChildProcess(
            BuiltProducts.isofleet,
            [
                "add", torrent.magnet(peers: [seederAddress]), "--wait", "--listen", "127.0.0.1:0",
                "--timeout", "40", "--data-dir", dataDirectory, "--config", Self.emptyConfig(in: directory),
            ],
            logDirectory: directory.path)
        let status = try await add.waitForExit(timeout: .seconds(45))
        #expect(status == 0, "stderr: \(add.standardError())")
        let finalPath = dataDirectory + "/repo/image.iso"
        #expect(add.standardOutput() == finalPath + "\n")
        #expect(try SwarmTestSupport.sha256(finalPath) == SwarmTestSupport.sha256(original))
        #expect(!FileManager.default.fileExists(atPath: dataDirectory + "/incomplete/image.iso"))
        #expect(add.standardError().contains("100.0%"), "progress reported: \(add.standardError())")

        // Again: the image is there already, so the command refuses to overwrite it (exit 1).
        let again = try CommandResult.run(
            BuiltProducts.isofleet,
            [
                "add", torrent.magnet(peers: [seederAddress]), "--wait", "--listen", "127.0.0.1:0", "--timeout", "20",
                "--data-dir", dataDirectory, "--config", Self.emptyConfig(in: directory),
            ])
        #expect(again.status == 1)
        #expect(again.stderr.contains(finalPath))
        await seeder.shutdown()
    }
}

@Suite(.timeLimit(.minutes(1)))
struct SeedCommandTests {
    @Test func seedServesUntilSIGTERMAndSavesResumeData() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-seed")
        let image = try ImageGenerator.write(to: directory.appending("files/image.iso"), seed: 41, size: 2 << 20 + 1)
        let dataDirectory = directory.appending("data")
        let seed = try ChildProcess(
            BuiltProducts.isofleet,
            [
                "seed", image, "--listen", "127.0.0.1:0", "--piece-size", "65536", "--data-dir", dataDirectory,
                "--config", CommandLineTests.emptyConfig(in: directory),
            ],
            logDirectory: directory.path)
        var line = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while !line.hasSuffix("\n"), ContinuousClock.now < deadline, seed.isRunning {
            line = seed.standardOutput()
            try await Task.sleep(for: .milliseconds(50))
        }
        let fields = line.trimmingCharacters(in: .newlines).split(separator: "\t").map(String.init)
        try #require(fields.count == 2, "seed printed: \(line) \(seed.standardError())")
        #expect(fields[0] == dataDirectory + "/torrents/image.iso.torrent")
        let expected = try TorrentCreator.create(file: image, pieceSize: 65536)
        #expect(FileManager.default.contents(atPath: fields[0]) == expected.data)
        #expect(fields[1].contains("x.pe=127.0.0.1:"))

        let leecher = try await SwarmTestSupport.session()
        let id = try await leecher.add(.magnet(fields[1]), options: AddOptions(savePath: directory.appending("leech")))
        try await SwarmTestSupport.waitUntilFinished(leecher, id)
        #expect(try SwarmTestSupport.sha256(directory.appending("leech/image.iso")) == SwarmTestSupport.sha256(image))
        await leecher.shutdown()

        seed.signal(SIGTERM)
        #expect(try await seed.waitForExit(timeout: .seconds(15)) == 0)
        #expect(ResumeStore(directory: dataDirectory + "/resume").load(for: expected.infoHashes) != nil)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct InterruptedAddTests {
    /// Ctrl-C during `add --wait` keeps what was fetched; the same command then fetches only the rest.
    @Test func interruptedAddContinuesWhereItStopped() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-interrupt")
        let size = 6 << 20
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(
            in: directory, size: size, seed: 61, pieceSize: 64 << 10, uploadLimit: 600_000)
        let seederID = try #require(await seeder.torrentIDs.first)
        let magnet = torrent.magnet(peers: [try await SwarmTestSupport.address(of: seeder)])
        let dataDirectory = directory.appending("data")
        let arguments = [
            "add", magnet, "--wait", "--listen", "127.0.0.1:0", "--timeout", "40",
            "--data-dir", dataDirectory, "--config", CommandLineTests.emptyConfig(in: directory),
        ]

        let first = try ChildProcess(BuiltProducts.isofleet, arguments, logDirectory: directory.path)
        let deadline = ContinuousClock.now + .seconds(20)
        while try await seeder.status(of: seederID).payloadUploaded < Int64(size) / 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        first.signal(SIGINT)
        #expect(try await first.waitForExit(timeout: .seconds(15)) == 1)
        #expect(first.standardError().contains("run the same command to continue"))
        #expect(first.standardOutput().isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: dataDirectory + "/repo/image.iso"),
            "no partial file at the final path")
        #expect(ResumeStore(directory: dataDirectory + "/resume").load(for: torrent.infoHashes) != nil)
        let uploadedBefore = try await seeder.status(of: seederID).payloadUploaded
        #expect(uploadedBefore < Int64(size))

        try await seeder.setRateLimits(seederID, upload: 0, download: 0)
        let second = try ChildProcess(BuiltProducts.isofleet, arguments, logDirectory: directory.path)
        #expect(try await second.waitForExit(timeout: .seconds(45)) == 0, "\(second.standardError())")
        #expect(second.standardOutput() == dataDirectory + "/repo/image.iso\n")
        #expect(try SwarmTestSupport.sha256(dataDirectory + "/repo/image.iso") == SwarmTestSupport.sha256(original))
        let uploadedTotal = try await seeder.status(of: seederID).payloadUploaded
        #expect(uploadedTotal <= Int64(size) + (1 << 20), "sent \(uploadedTotal) bytes for a \(size)-byte image")
        await seeder.shutdown()
    }
}
