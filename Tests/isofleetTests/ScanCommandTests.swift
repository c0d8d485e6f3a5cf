import Foundation
import TestSupport
import Testing

struct ScanCommandTests {
    @Test func scanAddsReportsAndMarksMissing() throws {
        let cli = try CLI()
        try cli.writeImage("data/repo/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try cli.writeImage("data/repo/debian-12.5.0-amd64-netinst.iso", seed: 2)
        try cli.writeImage("data/repo/vacation.iso", seed: 3)
        let first = try #require(try cli.json("scan", "--json") as? [String: Any])
        #expect(
            keys(first) == [
                "added", "updated", "missing", "unchanged", "unparseable", "duplicates", "skipped", "failed",
                "hashed_files", "hashed_bytes", "cached_files", "seconds",
            ])
        #expect((first["added"] as? [[String: Any]])?.compactMap { $0["source"] as? String } == ["scan", "scan"])
        #expect((first["unparseable"] as? [[String: Any]])?.first?["path"] as? String == "vacation.iso")
        #expect(first["hashed_files"] as? Int == 2)

        try FileManager.default.removeItem(atPath: cli.repository + "/debian-12.5.0-amd64-netinst.iso")
        let second = try #require(try cli.json("scan", "--json") as? [String: Any])
        #expect(second["hashed_files"] as? Int == 0)
        #expect(second["cached_files"] as? Int == 1)
        #expect((second["missing"] as? [[String: Any]])?.first?["state"] as? String == "missing")

        let text = try cli.run("scan")
        #expect(text.status == 0)
        #expect(text.stdout.contains("0 added"))
    }

    @Test func aDirectoryOutsideTheRepositoryIsExit2() throws {
        let cli = try CLI()
        let result = try cli.run("scan", cli.directory.path)
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("import"))
    }

    @Test func aMissingDirectoryIsExit2() throws {
        let cli = try CLI()
        let result = try cli.run("scan", cli.repository + "/no-such-folder")
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
    }

    @Test func anUnusableDataDirectoryIsARuntimeFailure() throws {
        let cli = try CLI()
        let blocker = try cli.writeFile("blocker", "a file, not a directory")
        let result = try cli.run("scan", "--data-dir", blocker + "/data")
        #expect(result.status == 1)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains(blocker))
    }

    @Test func repositoryPathFromTheEnvironmentWins() throws {
        let cli = try CLI()
        let elsewhere = cli.directory.appending("elsewhere")
        try cli.writeImage(elsewhere + "/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        var environment = cli.environment
        environment["ISOFLEET_REPOSITORY_PATH"] = elsewhere
        let result = try CommandResult.run(
            BuiltProducts.isofleet, ["catalog", "list", "--json"], environment: environment,
            workingDirectory: cli.directory.path)
        #expect(result.stdout.contains("[") && result.status == 0)
        let scan = try CommandResult.run(
            BuiltProducts.isofleet, ["scan", "--json"], environment: environment, workingDirectory: cli.directory.path)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        #expect((report["added"] as? [Any])?.count == 1)
    }
}
