import Foundation
import TestSupport
import Testing

struct ResolveCommandTests {
    static let manifest = """
        {"format": "isofleet-manifest/1", "generated": "2026-11-27T00:00:00Z", "images": [
          {"family": "Linux", "name": "Ubuntu", "flavor": "Server",
           "version": {"major": "22", "minor": "04", "patch": "3"}, "arch": "amd64",
           "file_name": "ubuntu-22.04.3-live-server-amd64.iso", "size": 2133391360,
           "sha256": "\(String(repeating: "a", count: 64))", "sources": {"http": ["https://mirror/u3.iso"]}},
          {"family": "Linux", "name": "Ubuntu", "flavor": "Server",
           "version": {"major": "22", "minor": "04", "patch": "4"}, "arch": "amd64",
           "file_name": "ubuntu-22.04.4-live-server-amd64.iso", "size": 2133391361,
           "sha256": "\(String(repeating: "b", count: 64))", "sources": {"http": ["https://mirror/u4.iso"]}},
          {"family": "Linux", "name": "Debian", "flavor": "Netinst", "version": {"major": 12, "minor": 5, "patch": 0},
           "sources": {"magnet": "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"}}
        ]}
        """

    @Test func jsonShapeHasSelectionImagesAndErrorOnlyWhenUnresolved() throws {
        let cli = try CLI()
        let manifest = try cli.writeFile("manifest.json", Self.manifest)
        let json = try cli.json(
            "resolve", "--manifest", manifest, "--select", "Linux/Ubuntu/Server@22.04", "--select", "Linux/*/*@latest",
            "--select", "Linux/Fedora/Workstation@latest", "--json")
        let array = try #require(json as? [[String: Any]])
        #expect(
            array.map { $0["selection"] as? String } == [
                "Linux/Ubuntu/Server@22.04", "Linux/*/*@latest", "Linux/Fedora/Workstation@latest",
            ])
        #expect(keys(array[0]) == ["selection", "images"])
        let best = try #require((array[0]["images"] as? [[String: Any]])?.first)
        #expect(
            keys(best).isSuperset(of: ["family", "name", "flavor", "version", "arch", "file_name", "sha256", "size"]))
        #expect(best["file_name"] as? String == "ubuntu-22.04.4-live-server-amd64.iso")
        #expect(best["size"] as? Int == 2_133_391_361)
        #expect((array[1]["images"] as? [Any])?.count == 2, "one best image per name+flavor pair")
        #expect(keys(array[2]) == ["selection", "images", "error"])
        #expect((array[2]["images"] as? [Any])?.isEmpty == true)
    }

    @Test func fileURLsWorkLikePaths() throws {
        let cli = try CLI()
        let manifest = try cli.writeFile("manifest.json", Self.manifest)
        let json = try cli.json(
            "resolve", "--manifest", "file://" + manifest, "--select", "Linux/Debian/Netinst@12", "--json")
        let images = try #require(((json as? [[String: Any]])?.first?["images"]) as? [[String: Any]])
        #expect((images.first?["version"] as? [String: Any])?["minor"] as? String == "5")
    }

    @Test func latestBeforePreciseIsExit2NamingTheRule() throws {
        let cli = try CLI()
        let manifest = try cli.writeFile("manifest.json", Self.manifest)
        let result = try cli.run("resolve", "--manifest", manifest, "--select", "Linux/Ubuntu/Server@latest.04.2")
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("Linux/Ubuntu/Server@latest.04.2"))
        #expect(result.stderr.contains("right to left"))
    }

    @Test(arguments: [
        (#"{"format": "isofleet-manifest/1", "images": [{"family": "Linux"}]}"#, "name"),
        (#"{"format": "isofleet-manifest/9", "images": []}"#, "format"),
        ("not json at all", "JSON"),
    ])
    func aBadManifestIsExit2(text: String, mentioned: String) throws {
        let cli = try CLI()
        let manifest = try cli.writeFile("bad.json", text)
        let result = try cli.run("resolve", "--manifest", manifest, "--select", "Linux/Ubuntu/Server@22", "--json")
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
        #expect(result.stderr.localizedCaseInsensitiveContains(mentioned))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        ["resolve", "--manifest", "/nonexistent/manifest.json", "--select", "Linux/a/b"],
        ["resolve", "--manifest", "https://mirror.example/manifest.json", "--select", "Linux/a/b"],
        ["resolve", "--manifest", "manifest.json"],
        ["resolve", "--select", "Linux/a/b"],
        ["resolve", "--manifest", "m.json", "--select", "Linux/a/b", "--keep", "many"],
    ])
    func badArgumentsAreExit2(arguments: [String]) throws {
        let result = try CLI().run(arguments)
        #expect(result.status == 2)
        #expect(result.hasOneLineError, "stderr: \(result.stderr)")
    }
}
