import Digest
import Foundation
import TestSupport
import Testing

struct CatalogCommandTests {
    static let imageKeys: Set<String> = [
        "family", "name", "flavor", "version", "arch", "id", "path", "size", "sha256", "display_name", "source",
        "state", "added",
    ]

    @Test func addByFlagsCopiesToTheLayoutAndVerifiesTheChecksum() throws {
        let cli = try CLI()
        let source = try cli.writeImage("win.iso", seed: 11)
        let sha256 = SHA256.hex(of: ImageGenerator.bytes(seed: 11, size: 200 * 1024))
        let result = try cli.run(
            "catalog", "add", source, "--family", "Windows", "--name", "Windows 11", "--flavor", "English",
            "--version", "23H2", "--arch", "x64", "--display-name", "Windows 11 23H2", "--sha256", sha256)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Windows/Windows 11 - English/windows 11.english-23H2.iso"))
        #expect(
            FileManager.default.fileExists(
                atPath: cli.repository + "/Windows/Windows 11 - English/windows 11.english-23H2.iso"))

        let list = try #require(try cli.json("catalog", "list", "--json") as? [[String: Any]])
        #expect(list.count == 1)
        #expect(keys(list[0]) == Self.imageKeys)
        #expect(list[0]["source"] as? String == "catalog")
        #expect(list[0]["sha256"] as? String == sha256)
        #expect(list[0]["display_name"] as? String == "Windows 11 23H2")
        #expect(list[0]["state"] as? String == "present")
    }

    @Test func aWrongChecksumIsARuntimeFailureAndAddsNothing() throws {
        let cli = try CLI()
        let source = try cli.writeImage("win.iso", seed: 11)
        let result = try cli.run(
            "catalog", "add", source, "--family", "Windows", "--name", "Windows 11", "--flavor", "English",
            "--version", "23H2", "--sha256", String(repeating: "0", count: 64))
        #expect(result.status == 1)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("expected"))
        #expect((try cli.json("catalog", "list", "--json") as? [Any])?.isEmpty == true)
        #expect((try? FileManager.default.subpathsOfDirectory(atPath: cli.repository))?.isEmpty ?? true)
    }

    @Test(arguments: [
        ["catalog", "add", "x.iso", "--name", "Ubuntu"],
        ["catalog", "add", "missing.iso", "--family", "Linux", "--name", "U", "--flavor", "S", "--version", "1"],
        ["catalog", "add", "x.iso", "--family", "Linux", "--name", "U", "--flavor", "S", "--version", "1..2"],
        ["catalog", "add", "x.iso", "--family", "Lin/ux", "--name", "U", "--flavor", "S", "--version", "1"],
        [
            "catalog", "add", "x.iso", "--family", "Linux", "--name", "U", "--flavor", "S", "--version", "1",
            "--sha256", "abc",
        ],
        ["catalog", "add", "--json", "x.iso", "--family", "Linux"],
        ["catalog", "frobnicate"],
    ])
    func badArgumentsAreExit2(arguments: [String]) throws {
        let cli = try CLI()
        try cli.writeImage("x.iso", seed: 1)
        let result = try cli.run(arguments)
        #expect(result.status == 2)
        #expect(result.hasOneLineError, "stderr: \(result.stderr)")
    }

    @Test func addByJSONTakesAnObjectOrAnArray() throws {
        let cli = try CLI()
        try cli.writeImage("alpine.iso", seed: 21)
        try cli.writeImage("data/repo/misc/arch.iso", seed: 22)
        let description = try cli.writeFile(
            "add.json",
            """
            [{"family": "Linux", "name": "Alpine Linux", "flavor": "Standard", "version": "3.19.1", "arch": "x86_64",
              "path": "alpine.iso", "display_name": "Alpine 3.19.1"},
             {"family": "Linux", "name": "Arch Linux", "flavor": "Live", "version": {"major": 2024, "minor": "01"},
              "path": "data/repo/misc/arch.iso"}]
            """)
        let added = try #require(try cli.json("catalog", "add", "--json", description) as? [[String: Any]])
        #expect(added.count == 2)
        #expect(added[0]["path"] as? String == "Linux/Alpine Linux - Standard/alpine linux.standard-3.19.1.iso")
        #expect(added[0]["outcome"] as? String == "copied")
        #expect(added[1]["path"] as? String == "misc/arch.iso", "a file inside the repository is registered in place")
        #expect((added[1]["version"] as? [String: Any])?["major"] as? String == "2024")

        try cli.writeImage("single.iso", seed: 23)
        let single = try cli.writeFile(
            "one.json",
            #"{"family": "Linux", "name": "Kali", "flavor": "Live", "version": "2024.1", "path": "single.iso"}"#)
        #expect((try cli.json("catalog", "add", "--json", single) as? [Any])?.count == 1)
        #expect((try cli.json("catalog", "list", "--json") as? [Any])?.count == 3)

        let broken = try cli.writeFile("broken.json", #"[{"family": "Linux", "name": "X", "path": "single.iso"}]"#)
        let result = try cli.run("catalog", "add", "--json", broken)
        #expect(result.status == 2)
        #expect(result.stderr.contains("flavor"))
    }

    @Test func removeExportAndImportRoundTrip() throws {
        let cli = try CLI()
        try cli.writeImage("data/repo/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try cli.writeImage("data/repo/debian-12.5.0-amd64-netinst.iso", seed: 2)
        #expect(try cli.run("scan").status == 0)

        let export = try cli.run("catalog", "export")
        #expect(export.status == 0)
        let inventory = try String(contentsOfFile: cli.dataDirectory + "/inventory.json", encoding: .utf8)
        #expect(export.stdout == inventory)
        let exportFile = try cli.writeFile("export.json", export.stdout)

        let removed = try #require(
            try cli.json(
                "catalog", "remove", "debian-12.5.0-amd64-netinst.iso", "--delete-file", "--json") as? [String: Any])
        #expect(removed["file_deleted"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: cli.repository + "/debian-12.5.0-amd64-netinst.iso"))
        let missingRemove = try cli.run("catalog", "remove", "99")
        #expect(missingRemove.status == 1)
        #expect(missingRemove.hasOneLineError)

        // Into a fresh data directory sharing the repository: present and missing entries.
        let other = try CLI()
        try FileManager.default.createDirectory(atPath: other.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: other.repository, withDestinationPath: cli.repository)
        let imported = try #require(try other.json("catalog", "import", exportFile, "--json") as? [[String: Any]])
        #expect(imported.compactMap { $0["state"] as? String }.sorted() == ["missing", "present"])
        let otherInventory = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: other.dataDirectory + "/inventory.json")))
                as? [[String: Any]])
        #expect(otherInventory.map { $0["path"] as? String } == ["ubuntu-22.04.3-live-server-amd64.iso"])

        let bad = try cli.writeFile("bad.json", #"[{"path": "x.iso"}]"#)
        let badImport = try cli.run("catalog", "import", bad)
        #expect(badImport.status == 2)
        #expect(badImport.hasOneLineError)
    }
}
