import Foundation
import TestSupport
import Testing

struct ImportCommandTests {
    @Test func importMovesIntoTheLayoutAndReportsSkips() throws {
        let cli = try CLI()
        try cli.writeImage("in/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try cli.writeImage("in/nested/FreeBSD-14.0-RELEASE-amd64-disc1.iso", seed: 2)
        try cli.writeImage("in/family-photos.iso", seed: 3)
        let report = try #require(
            try cli.json("import", cli.directory.appending("in"), "--move", "--json") as? [String: Any])
        #expect(keys(report) == ["imported", "skipped", "failed"])
        let imported = try #require(report["imported"] as? [[String: Any]])
        #expect(
            Set(imported.compactMap { $0["path"] as? String }) == [
                "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", "BSD/FreeBSD - Disc1/freebsd.disc1-14.0.iso",
            ])
        #expect(imported.allSatisfy { $0["source"] as? String == "import" && $0["outcome"] as? String == "moved" })
        #expect((report["skipped"] as? [[String: Any]])?.count == 1)
        #expect(
            !FileManager.default.fileExists(atPath: cli.directory.appending("in/ubuntu-22.04.3-live-server-amd64.iso")))
        #expect((try cli.json("catalog", "list", "--json") as? [Any])?.count == 2)
    }

    @Test func aCollisionIsARuntimeFailureAndOverwritesNothing() throws {
        let cli = try CLI()
        let occupant = try cli.writeImage("data/repo/Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", seed: 9)
        try cli.writeImage("in/ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        let result = try cli.run("import", cli.directory.appending("in"), "--copy")
        #expect(result.status == 1)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("not overwritten"))
        #expect(FileManager.default.contents(atPath: occupant) == ImageGenerator.bytes(seed: 9, size: 200 * 1024))
    }

    @Test func badArgumentsAreExit2() throws {
        let cli = try CLI()
        for arguments in [["import"], ["import", "/no/such/dir"], ["import", cli.directory.path, "--copy", "--move"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.hasOneLineError, "\(arguments): \(result.stderr)")
        }
    }
}
