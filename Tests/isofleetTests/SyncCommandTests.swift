import Foundation
import TestSupport
import Testing

/// `isofleet sync` exit codes and output (design §8): 0 fetched / not modified / fresh, 2 for an
/// invalid manifest (last good kept, one line naming image and field), 1 when unreachable.
@Suite(.timeLimit(.minutes(1)))
struct SyncCommandTests {
    private static let goodManifest = """
        {"format": "isofleet-manifest/1", "images": [{"family": "Linux", "name": "Ubuntu", "flavor": "Server",
         "version": {"major": "22", "minor": "04", "patch": "3"},
         "sources": {"http": ["http://127.0.0.1:1/ubuntu.iso"]}}]}
        """

    @Test func exitCodesAndLastGoodManifest() throws {
        let cli = try CLI()
        let manifest = try cli.writeFile("manifest.json", Self.goodManifest)
        let url = URL(fileURLWithPath: manifest).absoluteString
        let env = ["--data-dir", cli.dataDirectory]

        let notSet = try cli.run(["sync"] + env)
        #expect(notSet.status == 2 && notSet.hasOneLineError && notSet.stderr.contains("manifest.url"))

        let config = try cli.writeFile("isofleet.conf", "manifest.url = \(url)\n")
        let args = ["--config", config] + env
        let first = try cli.run(["sync", "--json"] + args)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(keys(json) == ["outcome", "url", "images", "fetched_at", "current", "error"])
        #expect(
            json["outcome"] as? String == "fetched" && json["images"] as? Int == 1 && json["current"] as? Bool == true)

        let fresh = try cli.run(["sync"] + args)
        #expect(fresh.status == 0 && fresh.stdout.hasPrefix("fresh:"))

        // Invalid: a path separator in an identity field.
        try Self.goodManifest.replacingOccurrences(of: "\"Server\"", with: "\"Ser/ver\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let invalid = try cli.run(["sync", "--force"] + args)
        #expect(invalid.status == 2)
        #expect(invalid.hasOneLineError, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("images[0]") && invalid.stderr.contains("flavor"))
        #expect(invalid.stderr.contains("keeping the last good manifest"))

        // Malformed: not JSON at all.
        try "{\"format\": \"isofleet-manifest/1\", \"images\": [".write(
            toFile: manifest, atomically: true, encoding: .utf8)
        let malformed = try cli.run(["sync", "--force"] + args)
        #expect(malformed.status == 2 && malformed.hasOneLineError, "\(malformed.stderr)")

        // Unreachable: the file is gone.
        try FileManager.default.removeItem(atPath: manifest)
        let unreachable = try cli.run(["sync", "--force", "--json"] + args)
        #expect(unreachable.status == 1 && unreachable.hasOneLineError)
        let failed = try #require(
            try JSONSerialization.jsonObject(with: Data(unreachable.stdout.utf8)) as? [String: Any])
        #expect(failed["outcome"] as? String == "unreachable" && failed["images"] as? Int == 1)
        #expect(failed["current"] as? Bool == false)
    }

    /// A manifest's version object.
    static func version(_ major: String, _ minor: String, _ patch: String) -> String {
        #"{"major": "\#(major)", "minor": "\#(minor)", "patch": "\#(patch)"}"#
    }

    /// Issue 15, item 13: the origin rewrites the manifest within the second of the last pull; nginx
    /// answers 200 with the new body (its ETag changed, its Last-Modified did not), and that 200
    /// is taken as it is: `sync --force` sees the new image instead of saying "not modified".
    @Test func item13_syncForceSeesAManifestRewrittenWithinTheSameSecond() async throws {
        let cli = try CLI()
        let root = cli.directory.appending("origin")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let nginx = try await NginxOrigin.start(root: root, directory: cli.directory.appending("nginx"))
        let path = root + "/manifest.json"
        func manifest(_ versions: [String]) -> String {
            let images = versions.map { version in
                #"{"family": "Linux", "name": "Ubuntu", "flavor": "Server", "version": \#(version), "sha256": "\#(String(repeating: "a", count: 64))", "sources": {"http": ["http://127.0.0.1:1/u.iso"]}}"#
            }
            return #"{"format": "isofleet-manifest/1", "images": ["# + images.joined(separator: ",") + "]}"
        }
        try manifest([Self.version("22", "04", "3")]).write(toFile: path, atomically: true, encoding: .utf8)
        let config = try cli.writeFile("isofleet.conf", "manifest.url = \(nginx.url("manifest.json"))\n")
        let first = try cli.json("sync", "--json", "--config", config) as? [String: Any]
        #expect(first?["outcome"] as? String == "fetched" && first?["images"] as? Int == 1)

        let stamp = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        try manifest([Self.version("22", "04", "3"), Self.version("24", "04", "1")]).write(
            toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: path)
        let second = try cli.json("sync", "--force", "--json", "--config", config) as? [String: Any]

        #expect(second?["outcome"] as? String == "fetched", "\(second ?? [:])")
        #expect(second?["images"] as? Int == 2)
        #expect(nginx.requests().map(\.status) == [200, 200])
    }
}
