import Foundation
import ISOCatalog
import Testing

struct ResolverTests {
    static let catalog = [
        "Linux/Ubuntu/Server@20.04.6[amd64]",
        "Linux/Ubuntu/Server@22.04.2[amd64]",
        "Linux/Ubuntu/Server@22.04.3[amd64]",
        "Linux/Ubuntu/Server@22.10[amd64]",
        "Linux/Ubuntu/Server@24.04[amd64]",
        "Linux/Ubuntu/Server@24.04[arm64]",
        "Linux/Ubuntu/Desktop@24.04[amd64]",
        "Linux/Ubuntu/Desktop@23.10[amd64]",
        "Linux/Debian/Netinst@12.5.0[amd64]",
        "Linux/Debian/Netinst@12.10.0[amd64]",
        "Linux/Debian/Netinst@9.13.0[amd64]",
        "BSD/FreeBSD/Disc1@14.0[amd64]",
        "Windows/Windows 11/English@22H2[x64]",
        "Windows/Windows 11/English@23H2[x64]",
        "Windows/Windows 11/English@21H2[x64]",
    ]

    /// `(spec, arch, keep, expected identities in order)`.
    static let table: [(String, String?, Int, [String])] = [
        // precise
        ("Linux/Ubuntu/Server@22.04.3", nil, 1, ["Linux/Ubuntu/Server@22.04.3[amd64]"]),
        ("Linux/Ubuntu/Server@22.4.3", nil, 1, ["Linux/Ubuntu/Server@22.04.3[amd64]"]),
        // partial latest
        ("Linux/Ubuntu/Server@22.04", nil, 1, ["Linux/Ubuntu/Server@22.04.3[amd64]"]),
        ("Linux/Ubuntu/Server@22", nil, 1, ["Linux/Ubuntu/Server@22.10[amd64]"]),
        ("Linux/Debian/Netinst@12", nil, 1, ["Linux/Debian/Netinst@12.10.0[amd64]"]),
        // full latest; numeric order across lengths
        ("Linux/Debian/Netinst@latest", nil, 1, ["Linux/Debian/Netinst@12.10.0[amd64]"]),
        ("Windows/Windows 11/English@latest", nil, 1, ["Windows/Windows 11/English@23H2[x64]"]),
        ("linux/ubuntu/server@latest", "amd64", 1, ["Linux/Ubuntu/Server@24.04[amd64]"]),
        // wildcards: one per pair, pairs ordered by family/name/flavor
        (
            "Linux/*/*@latest", nil, 1,
            [
                "Linux/Debian/Netinst@12.10.0[amd64]", "Linux/Ubuntu/Desktop@24.04[amd64]",
                "Linux/Ubuntu/Server@24.04[amd64]",
            ]
        ),
        ("Linux/Ubuntu/*@23", nil, 1, ["Linux/Ubuntu/Desktop@23.10[amd64]"]),
        ("Linux/*/Netinst@latest", nil, 1, ["Linux/Debian/Netinst@12.10.0[amd64]"]),
        // arch filter
        ("Linux/Ubuntu/Server@latest", "arm64", 1, ["Linux/Ubuntu/Server@24.04[arm64]"]),
        ("Linux/Ubuntu/Server@22", "arm64", 1, []),
        // keep counts distinct versions per pair, best first
        (
            "Linux/Ubuntu/Server@latest", "amd64", 3,
            [
                "Linux/Ubuntu/Server@24.04[amd64]", "Linux/Ubuntu/Server@22.10[amd64]",
                "Linux/Ubuntu/Server@22.04.3[amd64]",
            ]
        ),
        (
            "Linux/Ubuntu/Server@latest", nil, 2,
            ["Linux/Ubuntu/Server@24.04[amd64]", "Linux/Ubuntu/Server@22.10[amd64]"]
        ),
        (
            "Linux/Ubuntu/Server@22.04", nil, 5,
            ["Linux/Ubuntu/Server@22.04.3[amd64]", "Linux/Ubuntu/Server@22.04.2[amd64]"]
        ),
        (
            "Linux/*/*@latest", nil, 2,
            [
                "Linux/Debian/Netinst@12.10.0[amd64]", "Linux/Debian/Netinst@12.5.0[amd64]",
                "Linux/Ubuntu/Desktop@24.04[amd64]", "Linux/Ubuntu/Desktop@23.10[amd64]",
                "Linux/Ubuntu/Server@24.04[amd64]", "Linux/Ubuntu/Server@22.10[amd64]",
            ]
        ),
        // nothing matches
        ("Linux/Ubuntu/Server@26", nil, 1, []),
        ("Linux/Fedora/*@latest", nil, 1, []),
        ("Windows/*/*@22H2", "arm64", 1, []),
    ]

    @Test(arguments: table)
    func resolves(spec: String, arch: String?, keep: Int, expected: [String]) throws {
        let selection = try Selection(parsing: spec, arch: arch, keep: keep)
        let resolution = Resolver.resolve(selection, in: manifest(Self.catalog))
        #expect(resolution.images.map(\.identity) == expected.map(identity))
        #expect(resolution.isResolved == !expected.isEmpty)
        #expect(resolution.spec == selection.description)
        if expected.isEmpty {
            #expect(resolution.error?.code == .noMatch)
            #expect(
                resolution.error?.message == "\(selection): no image in the manifest matches"
                    + (arch.map { " for arch \($0)" } ?? ""))
        }
    }

    /// Ordering-equal versions and several arches: exactly one image, by the documented tie-breaks.
    static let ties: [([String], String)] = [
        (["L/N/F@22.4[amd64]", "L/N/F@22.04[amd64]"], "L/N/F@22.04[amd64]"),
        (["L/N/F@22.04[amd64]", "L/N/F@22.4[amd64]"], "L/N/F@22.04[amd64]"),
        (["L/N/F@24.04[x86_64]", "L/N/F@24.04[amd64]", "L/N/F@24.04[arm64]"], "L/N/F@24.04[amd64]"),
        (["L/N/F@24.04[amd64]", "L/N/F@24.04"], "L/N/F@24.04"),
        (["L/N/F@23h2", "L/N/F@23H2"], "L/N/F@23H2"),
        (["L/N/F@24.04", "L/n/F@24.04"], "L/N/F@24.04"),
    ]

    @Test(arguments: ties)
    func tiesAreBrokenDeterministically(images: [String], winner: String) throws {
        let selection = try Selection(parsing: "L/N/F@latest")
        for order in [images, images.reversed()] {
            let resolution = Resolver.resolve(selection, in: manifest(order))
            #expect(resolution.images.map(\.identity) == [identity(winner)])
        }
    }

    @Test func emptyManifestSaysSo() throws {
        let resolution = Resolver.resolve(
            try Selection(parsing: "Linux/*/*@latest"), in: Manifest(images: []),
            spec: "Linux/*/*")
        #expect(resolution.images.isEmpty)
        #expect(resolution.error == ResolutionError(.emptyManifest, "Linux/*/*: the manifest has no images"))
    }

    @Test func encodesTheResolveJSONShape() throws {
        let selection = try Selection(parsing: "Linux/Debian/Netinst@12")
        let resolved = Resolver.resolve(selection, in: manifest(Self.catalog), spec: "Linux/Debian/Netinst@12.latest")
        let failed = Resolver.resolve(try Selection(parsing: "Linux/Arch/Live@latest"), in: manifest(Self.catalog))
        let data = try JSONEncoder().encode([resolved, failed])
        let array = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(array[0]["selection"] as? String == "Linux/Debian/Netinst@12.latest")
        #expect(array[0]["error"] == nil)
        let first = try #require((array[0]["images"] as? [[String: Any]])?.first)
        #expect(first["family"] as? String == "Linux")
        #expect(first["name"] as? String == "Debian")
        #expect(first["flavor"] as? String == "Netinst")
        #expect((first["version"] as? [String: Any])?["minor"] as? String == "10")
        #expect(first["arch"] as? String == "amd64")
        #expect(first["file_name"] as? String == "Debian-12.10.0.iso")
        #expect(first.keys.contains("sha256") && first.keys.contains("size"))
        #expect(array[1]["selection"] as? String == "Linux/Arch/Live@latest")
        #expect((array[1]["images"] as? [Any])?.isEmpty == true)
        #expect(array[1]["error"] as? String == "Linux/Arch/Live@latest: no image in the manifest matches")
    }

    @Test func bestImagesTakesTheFirstOfEachPair() throws {
        let selection = try Selection(parsing: "Linux/Ubuntu/*@latest", arch: "amd64", keep: 2)
        let resolution = Resolver.resolve(selection, in: manifest(Self.catalog))
        #expect(resolution.images.count == 4)
        #expect(
            resolution.bestImages.map(\.identity)
                == ["Linux/Ubuntu/Desktop@24.04[amd64]", "Linux/Ubuntu/Server@24.04[amd64]"].map(identity))
    }
}
