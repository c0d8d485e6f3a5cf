import Foundation
import ISOCatalog
import Testing

/// Issue 15 item 12: duplicate JSON keys and look-alike separators in manifests and identity fields.
struct ManifestTrustValidationTests {
    typealias Fixture = ManifestValidationTests

    @Test(arguments: [
        // The top level, one image, and a nested object; the first duplicate found is named.
        (#"{"format": "isofleet-manifest/1", "images": [], "images": []}"#, "images"),
        (
            Fixture.manifest([
                Fixture.image(["sha256": "\"\(Fixture.sha)\""]).replacingOccurrences(
                    of: "{\"family\"", with: "{\"sha256\": \"\(String(repeating: "f", count: 64))\", \"family\"")
            ]), "images[0].sha256"
        ),
        (
            Fixture.manifest([
                Fixture.image(),
                Fixture.image([
                    "sources": #"{"http": ["https://a/x.iso"], "http": ["https://b/x.iso"]}"#, "name": #""Debian""#,
                ]),
            ]), "images[1].sources.http"
        ),
        // Escapes do not hide a duplicate: "\u0073ize" is "size".
        (Fixture.manifest([Fixture.image(["\\u0073ize": "1"])]), "images[0].size"),
    ])
    func item12_duplicateKeysRefuseTheManifest(json: String, path: String) throws {
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(json.utf8)) == path)
        do {
            _ = try Manifest.parse(Data(json.utf8))
            Issue.record("a manifest with a duplicate key was accepted")
        } catch {
            #expect(error.code == .duplicateKey)
            #expect(error.field == path)
            #expect(error.message.contains("key \(path) appears twice"), "\(error.message)")
        }
    }

    @Test func item12_sameKeyInDifferentObjectsIsFine() throws {
        let json = Fixture.manifest([Fixture.image(), Fixture.image(["name": #""Debian""#])])
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(json.utf8)) == nil)
        #expect(try Manifest.parse(Data(json.utf8)).images.count == 2)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"[{"a": 1}, {"a": {"a": [{"a": 2}]}}]"#.utf8)) == nil)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": "}\"{", "b": "\"a\": 1"}"#.utf8)) == nil)
        // Not JSON: left to the decoder.
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": 1, "b": [1, "#.utf8)) == nil)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": {"b": 1, "b": 2}}"#.utf8)) == "a.b")
    }

    @Test(arguments: [
        "\u{FF0F}", "\u{2215}", "\u{2044}", "\u{29F8}", "\u{FF3C}", "\u{29F9}", "\u{2216}", "\u{FE68}", "\u{0338}",
    ])
    func item12_lookAlikeSlashesAreRefusedInIdentityFields(slash: String) throws {
        for field in ["family", "name", "flavor", "arch", "file_name"] {
            let json = Fixture.manifest([Fixture.image([field: "\"Ubuntu\(slash)etc\""])])
            do {
                _ = try Manifest.parse(Data(json.utf8))
                Issue.record("\(field) with U+\(String(slash.unicodeScalars.first!.value, radix: 16)) was accepted")
            } catch {
                #expect(error.code == .unsafeValue)
                #expect(error.field == field)
                #expect(error.message.contains("path separator"), "\(error.message)")
            }
        }
        let version = Fixture.manifest([Fixture.image(["version": "{\"major\": \"22\(slash)x\"}"])])
        #expect(throws: ManifestError.self) { try Manifest.parse(Data(version.utf8)) }
        // The operator's own input (catalog add) follows the same rule.
        let identity = ImageIdentity(
            family: "Linux", name: "Ubu\(slash)ntu", flavor: "Server", version: Version(major: "22"), arch: nil)
        #expect(IdentityFields.problem(with: identity)?.contains("path separator") == true)
    }

    @Test(arguments: [
        ("Ubuntu\u{200B}", "invisible"),  // ZERO WIDTH SPACE
        ("Ubu\u{202E}ntu", "invisible"),  // RIGHT-TO-LEFT OVERRIDE
        ("Ubu\u{2028}ntu", "invisible"),  // LINE SEPARATOR
        ("\u{FF0E}\u{FF0E}", "normalised"),  // FULLWIDTH FULL STOPs read as ".."
        ("\u{2025}", "normalised"),  // TWO DOT LEADER reads as ".."
    ])
    func item12_invisibleAndNormalisingCharactersAreRefused(value: String, why: String) throws {
        let json = Fixture.manifest([Fixture.image(["flavor": "\"\(value)\""])])
        do {
            _ = try Manifest.parse(Data(json.utf8))
            Issue.record("flavor \(value.unicodeScalars.map { String($0.value, radix: 16) }) was accepted")
        } catch {
            #expect(error.code == .unsafeValue && error.field == "flavor")
            #expect(error.message.contains(why), "\(error.message)")
        }
        #expect(IdentityText.confusion(in: value) != nil)
        // Ordinary non-ASCII names stay valid.
        #expect(IdentityText.confusion(in: "Ubuntu Büro – 日本語") == nil)
    }
}
