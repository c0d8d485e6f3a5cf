import Foundation
import ISOCatalog
import PropertyBased
import Testing

/// Round trips over random values: what one part writes, the other reads back unchanged.
struct RoundTripPropertyTests {
    static let wordAlphabet: [Character] = Array("aBz -._!9")
    static func isWord(_ text: String) -> Bool {
        text != "." && text != ".." && text.first != " " && text.last != " "
    }
    static let word = Gen.int(in: 0...8).map { wordAlphabet[$0] }.array(of: 1...8).map { String($0) }.filter(isWord)
    static let componentAlphabet: [Character] = Array("0123456789aH-")
    static let component = Gen.int(in: 0...12).map { componentAlphabet[$0] }.array(of: 1...4).map { String($0) }
    static let version = zip(component, component.optional, component.optional).map { major, minor, patch in
        Version(major: major, minor: minor, patch: minor == nil ? nil : patch)
    }
    static let familyAlphabet: [Character] = Array("LinuxBSD")
    static let family = Gen.int(in: 0...7).map { familyAlphabet[$0] }.array(of: 1...6).map { String($0) }
    static let arches: [String?] = [nil, "amd64", "arm64"]
    static let identity = zip(family, word, word, version, Gen.int(in: 0...2)).map {
        (family: String, name: String, flavor: String, version: Version, arch: Int) -> ImageIdentity in
        ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arches[arch])
    }

    @Test func defaultLayoutPathsParseBackToTheSameIdentity() async {
        await propertyCheck(count: 400, input: Self.identity) { identity in
            var expected = identity
            expected.arch = nil
            let path = try Layout.default.relativePath(for: identity)
            #expect(RepositoryPath.isSafe(path))
            #expect(try FileNameParser.parse(path).get() == expected, "\(path)")
        }
    }

    static let anyAlphabet: [Character] = Array("a/.\\\u{0}\n -")
    static let anyText = Gen.int(in: 0...7).map { anyAlphabet[$0] }.array(of: 0...6).map { String($0) }

    @Test func layoutNeverRendersAnUnsafePath() async throws {
        let layouts = try [
            "{family}/{name}/{flavor}-{version}.iso", "{name}-{major}.{minor}.{patch}-{arch}.iso",
            "{arch}/{file_name}", Layout.defaultTemplate,
        ].map(Layout.init(template:))
        await propertyCheck(count: 400, input: Self.anyText, Self.anyText, Self.anyText, Self.anyText.optional) {
            name, flavor, major, file in
            let identity = ImageIdentity(
                family: "L", name: name, flavor: flavor, version: Version(major: major), arch: nil)
            for layout in layouts {
                if let path = try? layout.relativePath(for: identity, fileName: file) {
                    #expect(RepositoryPath.isSafe(path), "\(layout.template) rendered \(path)")
                }
            }
        }
    }

    @Test func selectionsRoundTripThroughTheirCompactForm() async {
        let pattern = Self.word.filter { $0 != "*" && !$0.contains("@") }.optional
        let precise = Gen.int(in: 0...11).map { Self.componentAlphabet[$0] }.array(of: 1...3).map { String($0) }
        await propertyCheck(count: 400, input: pattern, pattern, precise.optional, precise.optional, precise.optional) {
            name, flavor, a, b, c in
            // latest runs right to left: once a component is latest, the rest are too.
            let major: ComponentSelector = a.map { .exactly($0) } ?? .latest
            let minor: ComponentSelector = a == nil ? .latest : (b.map { .exactly($0) } ?? .latest)
            let patch: ComponentSelector = (a == nil || b == nil) ? .latest : (c.map { .exactly($0) } ?? .latest)
            let selection = Selection(
                family: "Linux", name: name.map { .exactly($0) } ?? .any,
                flavor: flavor.map { .exactly($0) } ?? .any,
                version: VersionSelector(major: major, minor: minor, patch: patch))
            #expect((try? Selection(parsing: selection.description)) == selection, "\(selection)")
        }
    }

    static let hexAlphabet: [Character] = Array("0123456789abcdef")
    static let sha = Gen.int(in: 0...15).map { hexAlphabet[$0] }.array(of: 64...64).map { String($0) }
    static let pathAlphabet: [Character] = Array("abc/")
    static let path = Gen.int(in: 0...3).map { pathAlphabet[$0] }.array(of: 1...10).map { String($0) }

    @Test func manifestsRoundTripThroughEncoded() async {
        let image = zip(Self.identity, Gen.int64(in: 0...Int64.max).optional, Self.sha.optional).map {
            identity, size, sha in
            ManifestImage(
                identity: identity, displayName: "\(identity)", fileName: "\(identity.name).iso", size: size,
                sha256: sha, sources: ImageSources(http: ["https://o.example/\(identity.flavor)"]))
        }
        await propertyCheck(count: 200, input: image.array(of: 0...5)) { images in
            var seen = Set<ImageIdentity>()
            let manifest = Manifest(
                generated: Date(timeIntervalSince1970: 1_795_737_600),
                images: images.filter { seen.insert($0.identity).inserted })
            let data = try manifest.encoded()
            let parsed = try Manifest.parse(data)
            #expect(parsed == manifest)
        }
    }

    @Test func inventoriesRoundTripInPathOrder() async {
        let entry = zip(
            Self.identity, Self.path, Gen.int64(in: 0...Int64.max), Gen<AcquisitionSource>.case,
            Gen.int(in: 0...2_000_000_000)
        ).map { identity, path, size, source, seconds in
            InventoryEntry(
                identity: identity, path: path, size: size, sha256: nil, displayName: nil, source: source,
                added: Date(timeIntervalSince1970: Double(seconds) + (seconds % 2 == 0 ? 0 : 0.5)))
        }
        await propertyCheck(count: 200, input: entry.array(of: 0...6)) { entries in
            var seen = Set<String>()
            let unique = entries.filter { seen.insert($0.path).inserted }
            let decoded = try InventoryCoding.decode(try InventoryCoding.encode(unique))
            #expect(decoded == InventoryCoding.sorted(unique))
            #expect(
                decoded.map(\.path)
                    == decoded.map(\.path).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
            #expect(try InventoryCoding.encode(unique.reversed()) == InventoryCoding.encode(unique))
        }
    }
}
