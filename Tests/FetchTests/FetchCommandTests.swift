import Foundation
import TestSupport
import Testing

/// `isofleet fetch` as an operator runs it: killed mid-transfer, run again, it resumes; it
/// promotes only a complete file; exit codes 1 and 2 as design §8 says.
@Suite(.timeLimit(.minutes(1)))
struct FetchCommandTests {
    @Test func killedFetchResumesWhenRunAgain() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("kill.iso", size: 4 << 20)
        let slow = try await fixture.nginx(limitRate: 1 << 20)
        let fast = try await fixture.nginx()
        let output = fixture.directory.appending("out/kill.iso")
        let partial = output + ".part"
        let arguments = ["--sha256", image.sha256, "--size", "\(image.size)", "--output", output, "--quiet"]

        let first = try ChildProcess(
            BuiltProducts.isofleet, ["fetch", slow.url(image.name).absoluteString] + arguments,
            logDirectory: fixture.directory.path)
        let kept = try await Poll.until(timeout: .seconds(10), "a partial file") { () -> Int64? in
            let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int64) ?? 0
            return size >= 1 << 20 ? size : nil
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        #expect(!FileManager.default.fileExists(atPath: output))
        let resumedFrom = try #require(contents(partial)).count
        #expect(resumedFrom >= Int(kept) && resumedFrom < image.data.count)

        let second = try CommandResult.run(
            BuiltProducts.isofleet, ["fetch", fast.url(image.name).absoluteString] + arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "\(image.sha256)  \(output)\n")
        #expect(contents(output) == image.data)
        #expect(!FileManager.default.fileExists(atPath: partial))
        let requests = try await fast.waitForRequests(1)
        #expect(requests.map(\.rangeStart) == [Int64(resumedFrom)])
        #expect(requests[0].bodyBytesSent == image.size - Int64(resumedFrom))
    }

    @Test func exitCodesFollowTheDesign() async throws {
        let fixture = try FetchFixture()
        let nginx = try await fixture.nginx()
        let output = fixture.directory.appending("x.iso")

        let badDigest = try CommandResult.run(
            BuiltProducts.isofleet, ["fetch", nginx.url("x.iso").absoluteString, "--output", output, "--sha256", "xyz"])
        #expect(badDigest.status == 2)
        #expect(badDigest.stderr.contains("--sha256"))

        let missing = try CommandResult.run(
            BuiltProducts.isofleet, ["fetch", nginx.url("x.iso").absoluteString, "--output", output, "--quiet"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains(nginx.url("x.iso").absoluteString) && missing.stderr.contains("404"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func bareOutputNameLandsInTheWorkingDirectory() async throws {
        let fixture = try FetchFixture()
        let image = try fixture.image("bare.iso", size: 1 << 20)
        let nginx = try await fixture.nginx()
        let folder = fixture.directory.appending("work")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let result = try CommandResult.run(
            BuiltProducts.isofleet,
            ["fetch", nginx.url(image.name).absoluteString, "-o", "bare.iso", "--sha256", image.sha256, "--quiet"],
            workingDirectory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(image.sha256)  bare.iso\n")
        #expect(contents(folder + "/bare.iso") == image.data)
        #expect(!FileManager.default.fileExists(atPath: folder + "/bare.iso.part"))
    }
}
