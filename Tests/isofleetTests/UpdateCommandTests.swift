import Digest
import Foundation
import TestSupport
import Testing

/// `isofleet update` as scripts use it: the dry-run JSON shape (design §8), exit codes, and a run
/// killed with SIGKILL mid-transfer that resumes when started again.
@Suite(.timeLimit(.minutes(1)))
struct UpdateCommandTests {
    @Test func dryRunJSONHasTheDesignShapeAndChangesNothing() async throws {
        let fixture = try UpdateCLIFixture()
        let old = try fixture.image(name: "Ubuntu", flavor: "Server", version: "22.04.3", seed: 1)
        let new = try fixture.image(name: "Ubuntu", flavor: "Server", version: "22.04.4", seed: 2)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([(old, [nginx.url(old.fileName)])])
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@22.04").status == 0)

        let dry = try fixture.run("update", "--dry-run", "--json")
        #expect(dry.status == 0, "\(dry.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect(keys(plan) == ["fetch", "delete", "keep", "skip", "unresolved", "manifest"])
        let fetch = try #require((plan["fetch"] as? [[String: Any]])?.first)
        #expect(keys(fetch) == ["family", "name", "flavor", "version", "arch", "path", "source", "selections"])
        #expect(fetch["path"] as? String == old.layoutPath && fetch["source"] as? String == "http")
        #expect(keys(fetch["version"]) == ["major", "minor", "patch"])
        #expect((plan["delete"] as? [Any])?.isEmpty == true && (plan["keep"] as? [Any])?.isEmpty == true)
        #expect(fixture.repositoryFiles().isEmpty)
        #expect(nginx.requests().isEmpty)
        let catalog = try fixture.run("catalog", "list", "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(catalog.stdout.utf8)) as? [Any])?.isEmpty == true)

        let real = try fixture.run("update", "--json")
        #expect(real.status == 0, "\(real.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(real.stdout.utf8)) as? [String: Any])
        #expect(
            keys(report) == [
                "manifest", "fetched", "failed", "deleted", "deletion_failures", "kept", "skipped", "outcome",
                "warnings",
            ])
        #expect(report["outcome"] as? String == "succeeded")
        #expect((report["warnings"] as? [Any])?.isEmpty == true)
        #expect((report["fetched"] as? [[String: Any]])?.first?["sha256"] as? String == old.sha256)
        #expect(real.stderr.contains("fetching Linux/Ubuntu/Server@22.04.3"))
        #expect(fixture.repositoryFiles() == [old.layoutPath])

        // A newer patch: the dry run shows the fetch and the deletion that follows it, and does neither.
        try fixture.writeManifest([(old, [nginx.url(old.fileName)]), (new, [nginx.url(new.fileName)])])
        let requests = nginx.requests().count
        let second = try fixture.run("update", "--dry-run", "--json", "--force")
        #expect(second.status == 0, "\(second.stderr)")
        let secondPlan = try #require(
            try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect((secondPlan["fetch"] as? [[String: Any]])?.map { $0["path"] as? String } == [new.layoutPath])
        let delete = try #require((secondPlan["delete"] as? [[String: Any]])?.first)
        #expect(keys(delete) == ["family", "name", "flavor", "version", "arch", "path", "reason"])
        #expect(delete["path"] as? String == old.layoutPath && (delete["reason"] as? String)?.isEmpty == false)
        #expect(fixture.repositoryFiles() == [old.layoutPath])
        #expect(nginx.requests().count == requests)

        let text = try fixture.run("update", "--force")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("fetched 1, deleted 1, kept 1, failed 0"))
        #expect(fixture.repositoryFiles() == [new.layoutPath])
    }

    @Test func exitCodes() async throws {
        let fixture = try UpdateCLIFixture()
        let good = try fixture.image(name: "Ubuntu", flavor: "Server", version: "22.04.3", seed: 1)
        let missing = try fixture.image(name: "Debian", flavor: "Netinst", version: "12.5", seed: 2)
        try FileManager.default.removeItem(atPath: fixture.origin + "/" + missing.fileName)
        let nginx = try await fixture.nginx()

        // No manifest at all: invalid input.
        try "{\"format\": \"isofleet-manifest/1\", \"images\": [{\"family\": \"\"}]}"
            .write(toFile: fixture.manifestPath, atomically: true, encoding: .utf8)
        let invalid = try fixture.run("update")
        #expect(invalid.status == 2 && invalid.hasOneLineError, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("images[0]"))

        // One fetch fails (404), the other still completes: exit 1.
        try fixture.writeManifest([(good, [nginx.url(good.fileName)]), (missing, [nginx.url(missing.fileName)])])
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@22").status == 0)
        #expect(try fixture.run("select", "add", "Linux/Debian/Netinst@12").status == 0)
        let partial = try fixture.run("update", "--force")
        #expect(partial.status == 1)
        #expect(partial.stdout.contains("fetched 1, deleted 0, kept 1, failed 1"))
        #expect(partial.stderr.split(separator: "\n").last?.hasPrefix("isofleet: ") == true)
        #expect(partial.stderr.contains("404"))
        #expect(fixture.repositoryFiles() == [good.layoutPath])
    }

    @Test func killedRunResumesWhenStartedAgain() async throws {
        let fixture = try UpdateCLIFixture()
        let image = try fixture.image(name: "Ubuntu", flavor: "Server", version: "22.04.3", seed: 1, size: 4 << 20)
        let slow = try await fixture.nginx(limitRate: 1 << 20)
        try fixture.writeManifest([(image, [slow.url(image.fileName)])])
        #expect(try fixture.run("select", "add", "Linux/Ubuntu/Server@22.04").status == 0)
        let layoutFile = fixture.repositoryFile(image.layoutPath)
        let incomplete = fixture.cli.dataDirectory + "/incomplete"

        let first = try ChildProcess(
            BuiltProducts.isofleet, fixture.arguments("update"), logDirectory: fixture.cli.directory.path,
            environment: fixture.cli.environment, workingDirectory: fixture.cli.directory.path)
        let kept = try await Poll.until(timeout: .seconds(10), "a partial file in incomplete/") { () -> Int64? in
            #expect(!FileManager.default.fileExists(atPath: layoutFile))
            let names = (try? FileManager.default.contentsOfDirectory(atPath: incomplete)) ?? []
            let size =
                names.first.flatMap {
                    try? FileManager.default.attributesOfItem(atPath: incomplete + "/" + $0)[.size] as? Int64
                } ?? 0
            return size >= 1 << 20 ? size : nil
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        #expect(!FileManager.default.fileExists(atPath: layoutFile))
        let names = try FileManager.default.contentsOfDirectory(atPath: incomplete)
        let resumedFrom = try #require(FileManager.default.contents(atPath: incomplete + "/" + names[0])).count
        #expect(Int64(resumedFrom) >= kept && resumedFrom < image.data.count)
        #expect(fixture.repositoryFiles().isEmpty)

        // Started again, against an unthrottled origin: the transfer resumes with a range.
        let fast = try await fixture.nginx()
        try fixture.writeManifest([(image, [fast.url(image.fileName)])])
        let second = try fixture.run("update", "--force", "--json")
        #expect(second.status == 0, "\(second.stderr)")
        let requests = try await fast.waitForRequests(1)
        #expect(requests.map(\.rangeStart) == [Int64(resumedFrom)])
        #expect(requests[0].bodyBytesSent == Int64(image.data.count - resumedFrom))
        #expect(SHA256.hex(of: try #require(FileManager.default.contents(atPath: layoutFile))) == image.sha256)
        #expect(try FileManager.default.contentsOfDirectory(atPath: incomplete).isEmpty)

        // Inventory and store agree.
        let inventory = try fixture.inventory()
        #expect(inventory.map { $0["path"] as? String } == [image.layoutPath])
        #expect(
            inventory.first?["sha256"] as? String == image.sha256 && inventory.first?["source"] as? String == "manifest"
        )
        let listed = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try fixture.run("catalog", "list", "--json").stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["path"] as? String } == [image.layoutPath])
        #expect(listed.first?["sha256"] as? String == image.sha256)
    }
}
