import Foundation
import ISOCatalog
import Testing

struct ManifestValidationTests {
    static let sha = String(repeating: "0123456789abcdef", count: 4)

    /// The JSON of a valid image, with `changes` replacing (or, with `nil`, removing) top-level fields.
    static func image(_ changes: [String: String?] = [:]) -> String {
        var fields: [(String, String)] = [
            ("family", #""Linux""#), ("name", #""Ubuntu""#), ("flavor", #""Server""#),
            ("version", #"{"major": "22", "minor": "04", "patch": "3"}"#), ("arch", #""amd64""#),
            ("display_name", #""Ubuntu 22.04.3 LTS Server""#),
            ("file_name", #""ubuntu-22.04.3-live-server-amd64.iso""#),
            ("size", "2133391360"), ("sha256", "\"\(sha)\""),
            (
                "sources",
                #"{"http": ["https://mirror.example/u.iso"], "torrent": "https://mirror.example/u.iso.torrent"}"#
            ),
        ]
        for (key, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == key }) {
                if let value { fields[index].1 = value } else { fields.remove(at: index) }
            } else if let value {
                fields.append((key, value))
            }
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func manifest(_ images: [String], format: String = #""isofleet-manifest/1""#) -> String {
        #"{"format": \#(format), "generated": "2026-11-27T00:00:00Z", "images": [\#(images.joined(separator: ", "))]}"#
    }

    static let id = "images[0] (Linux/Ubuntu/Server@22.04.3 [amd64])"

    @Test func parsesTheDesignExample() throws {
        let parsed = try Manifest.parse(Data(Self.manifest([Self.image()]).utf8))
        #expect(parsed.format == "isofleet-manifest/1")
        #expect(parsed.generated == Date(timeIntervalSince1970: 1_795_737_600))
        #expect(parsed.images.count == 1)
        let image = parsed.images[0]
        #expect(
            image.identity
                == ImageIdentity(
                    family: "Linux", name: "Ubuntu", flavor: "Server",
                    version: Version(major: "22", minor: "04", patch: "3"), arch: "amd64"))
        #expect(image.fileName == "ubuntu-22.04.3-live-server-amd64.iso")
        #expect(image.size == 2_133_391_360)
        #expect(image.sha256 == Self.sha)
        #expect(image.sources.http == ["https://mirror.example/u.iso"])
        #expect(image.sources.torrent == "https://mirror.example/u.iso.torrent")
    }

    @Test func readsAndWritesRemoteStorageSources() throws {
        let sources =
            #"{"s3": ["s3://b/u.iso"], "smb": ["smb://files/isos/u.iso"], "nfs": ["nfs://filer/export/u.iso"], "file": ["file:///mnt/efs/u.iso"]}"#
        let image = try Manifest.parse(Data(Self.manifest([Self.image(["sources": sources])]).utf8)).images[0]
        #expect(image.sources.smb == ["smb://files/isos/u.iso"] && image.sources.nfs == ["nfs://filer/export/u.iso"])
        #expect(
            image.sources.storage == [
                "s3://b/u.iso", "smb://files/isos/u.iso", "nfs://filer/export/u.iso", "file:///mnt/efs/u.iso",
            ])
        let written = String(decoding: try JSONEncoder().encode(image.sources), as: UTF8.self)
        #expect(written.contains(#""smb":["smb:\/\/files\/isos\/u.iso"]"#))
        let httpOnly = String(decoding: try JSONEncoder().encode(ImageSources(http: ["http://o/u.iso"])), as: UTF8.self)
        #expect(!httpOnly.contains("smb") && !httpOnly.contains("nfs") && !httpOnly.contains("file"))
        #expect(try JSONDecoder().decode(ImageSources.self, from: Data(written.utf8)) == image.sources)
    }

    @Test func normalisesAndTolerates() throws {
        let json = Self.manifest([
            Self.image([
                "version": #"{"major": 12, "minor": 5, "patch": null}"#, "sha256": "\"\(Self.sha.uppercased())\"",
                "arch": nil, "size": nil, "display_name": "null", "future_field": #"{"anything": [1, 2]}"#,
                "sources": #"{"magnet": "magnet:?xt=urn:btih:abc", "ipfs": "whatever"}"#,
            ])
        ])
        let image = try Manifest.parse(Data(json.utf8)).images[0]
        #expect(image.version == Version(major: "12", minor: "5"))
        #expect(image.sha256 == Self.sha)
        #expect(image.arch == nil)
        #expect(image.size == nil)
        #expect(image.displayName == nil)
        #expect(image.sources.magnet == "magnet:?xt=urn:btih:abc")
        let empty = try Manifest.parse(Data(#"{"format": "isofleet-manifest/1", "images": []}"#.utf8))
        #expect(empty.images.isEmpty && empty.generated == nil)
    }

    @Test func encodedRoundTrips() throws {
        let parsed = try Manifest.parse(
            Data(Self.manifest([Self.image(), Self.image(["arch": nil, "size": nil])]).utf8))
        let data = try parsed.encoded()
        #expect(try Manifest.parse(data) == parsed)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""generated" : "2026-11-27T00:00:00Z""#))
        #expect(text.contains(#""arch" : null"#))
        #expect(text.contains(#""file_name" : "ubuntu-22.04.3-live-server-amd64.iso""#))
    }

    /// `(manifest JSON, code, message)`: one row per rule of design §3.
    static let invalid: [(String, ManifestError.Code, String)] = [
        ("{", .notJSON, "manifest is not valid JSON"),
        ("[]", .wrongType, "manifest is an array, not an object"),
        (#"{"images": []}"#, .missingField, #"format is missing; expected "isofleet-manifest/1""#),
        (
            manifest([], format: #""isofleet-manifest/2""#), .unsupportedFormat,
            #"format "isofleet-manifest/2" is not supported; expected "isofleet-manifest/1""#
        ),
        (manifest([], format: "1"), .wrongType, "format is an integer, not a string"),
        (
            #"{"format": "isofleet-manifest/1", "generated": "yesterday", "images": []}"#, .invalidDate,
            #"generated "yesterday" is not an RFC 3339 date-time"#
        ),
        (#"{"format": "isofleet-manifest/1"}"#, .missingField, "images is missing"),
        (#"{"format": "isofleet-manifest/1", "images": {}}"#, .wrongType, "images is an object, not an array"),
        (manifest(["42"]), .wrongType, "images[0]: image is an integer, not an object"),
        // Required identity fields, their types and emptiness
        (manifest([image(["family": nil])]), .missingField, "images[0]: family is missing"),
        (manifest([image(["name": #""""#])]), .emptyField, "images[0]: name is empty"),
        (manifest([image(["flavor": "7"])]), .wrongType, "images[0]: flavor is an integer, not a string"),
        (manifest([image(["version": nil])]), .missingField, "images[0]: version is missing"),
        (manifest([image(["version": #""22.04""#])]), .wrongType, "images[0]: version is a string, not an object"),
        (manifest([image(["version": #"{"minor": "04"}"#])]), .missingField, "images[0]: version.major is missing"),
        (manifest([image(["version": #"{"major": ""}"#])]), .emptyField, "images[0]: version.major is empty"),
        (
            manifest([image(["version": #"{"major": 22.5}"#])]), .wrongType,
            "images[0]: version.major is a number, not a string or an integer"
        ),
        (
            manifest([image(["version": #"{"major": "22", "minor": true}"#])]), .wrongType,
            "images[0]: version.minor is a boolean, not a string or an integer"
        ),
        (
            manifest([image(["version": #"{"major": -1}"#])]), .wrongType,
            "images[0]: version.major is a negative integer (-1)"
        ),
        (
            manifest([image(["version": #"{"major": "22.04"}"#])]), .unsafeValue,
            #"images[0]: version.major "22.04" contains '.', which separates components"#
        ),
        (manifest([image(["arch": #""""#])]), .emptyField, "images[0]: arch is empty"),
        (manifest([image(["arch": "[]"])]), .wrongType, "images[0]: arch is an array, not a string"),
        // Path separators, .. and control characters in identity fields and file_name
        (manifest([image(["family": #""Linux/Evil""#])]), .unsafeValue, "images[0]: family contains a path separator"),
        (manifest([image(["name": #""..""#])]), .unsafeValue, "images[0]: name is '..'"),
        (manifest([image(["flavor": #""a\\b""#])]), .unsafeValue, "images[0]: flavor contains a path separator"),
        (
            manifest([image(["flavor": #""Ser\u0000ver""#])]), .unsafeValue,
            "images[0]: flavor contains control character U+0000"
        ),
        (
            manifest([image(["version": #"{"major": "22", "patch": "../x"}"#])]), .unsafeValue,
            "images[0]: version.patch contains a path separator"
        ),
        (manifest([image(["arch": #""amd64\n""#])]), .unsafeValue, "images[0]: arch contains control character U+000A"),
        (
            manifest([image(["file_name": #""../../etc/passwd""#])]), .unsafeValue,
            "\(id): file_name contains a path separator"
        ),
        (manifest([image(["file_name": #""..""#])]), .unsafeValue, "\(id): file_name is '..'"),
        (
            manifest([image(["file_name": #""a\tb.iso""#])]), .unsafeValue,
            "\(id): file_name contains control character U+0009"
        ),
        (manifest([image(["file_name": #""""#])]), .emptyField, "\(id): file_name is empty"),
        (manifest([image(["display_name": "1"])]), .wrongType, "\(id): display_name is an integer, not a string"),
        // Checksum and size
        (manifest([image(["sha256": #""abc""#])]), .invalidSHA256, "\(id): sha256 is not 64 hex digits"),
        (
            manifest([image(["sha256": "\"\(String(repeating: "g", count: 64))\""])]), .invalidSHA256,
            "\(id): sha256 is not 64 hex digits"
        ),
        (manifest([image(["sha256": "\"\(sha)0\""])]), .invalidSHA256, "\(id): sha256 is not 64 hex digits"),
        (manifest([image(["sha256": "64"])]), .wrongType, "\(id): sha256 is an integer, not a string"),
        (manifest([image(["size": "-1"])]), .negativeSize, "\(id): size is negative (-1)"),
        (manifest([image(["size": #""big""#])]), .wrongType, "\(id): size is a string, not an integer"),
        (manifest([image(["size": "1.5"])]), .wrongType, "\(id): size is a number, not an integer"),
        // Sources
        (manifest([image(["sources": nil])]), .noSource, "\(id): sources is missing; at least one source is required"),
        (
            manifest([image(["sources": "{}"])]), .noSource,
            "\(id): sources has none of http, torrent, magnet, s3, smb, nfs, file; at least one source is required"
        ),
        (
            manifest([image(["sources": #"{"http": []}"#])]), .noSource,
            "\(id): sources has none of http, torrent, magnet, s3, smb, nfs, file; at least one source is required"
        ),
        (manifest([image(["sources": #""https://x""#])]), .wrongType, "\(id): sources is a string, not an object"),
        (
            manifest([image(["sources": #"{"http": "https://x"}"#])]), .wrongType,
            "\(id): sources.http is a string, not an array of strings"
        ),
        (
            manifest([image(["sources": #"{"http": [1]}"#])]), .wrongType,
            "\(id): sources.http[0] is an integer, not a string"
        ),
        (manifest([image(["sources": #"{"http": [""]}"#])]), .emptyField, "\(id): sources.http[0] is empty"),
        (
            manifest([image(["sources": #"{"magnet": "https://x"}"#])]), .invalidSource,
            "\(id): sources.magnet is not a magnet: link"
        ),
        (
            manifest([image(["sources": #"{"s3": ["https://x"]}"#])]), .invalidSource,
            "\(id): sources.s3[0] is not an s3:// URL"
        ),
        (
            manifest([image(["sources": #"{"smb": ["smb://f/s/a.iso", "nfs://f/e/a.iso"]}"#])]), .invalidSource,
            "\(id): sources.smb[1] is not an smb:// URL"
        ),
        (
            manifest([image(["sources": #"{"nfs": ["file:///a.iso"]}"#])]), .invalidSource,
            "\(id): sources.nfs[0] is not an nfs:// URL"
        ),
        // Duplicates
        (
            manifest([image(), image(["arch": #""arm64""#]), image(["file_name": #""other.iso""#])]),
            .duplicateIdentity,
            "images[2] (Linux/Ubuntu/Server@22.04.3 [amd64]): same identity as images[0]"
        ),
        (
            manifest([image(), image(["name": #""UBUNTU""#, "arch": #""AMD64""#])]), .duplicateIdentity,
            "images[1] (Linux/UBUNTU/Server@22.04.3 [AMD64]): same identity as images[0]"
        ),
    ]

    @Test(arguments: invalid)
    func refuses(json: String, code: ManifestError.Code, message: String) {
        do {
            let manifest = try Manifest.parse(Data(json.utf8))
            Issue.record("expected a refusal, got \(manifest)")
        } catch {
            #expect(error.code == code)
            #expect(error.message == message)
        }
    }

    @Test func errorsCarryIndexIdentityAndField() {
        let json = Self.manifest([Self.image(), Self.image(["arch": #""arm64""#, "sha256": #""xyz""#])])
        do {
            _ = try Manifest.parse(Data(json.utf8))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.imageIndex == 1)
            #expect(error.identity?.arch == "arm64")
            #expect(error.field == "sha256")
            #expect(error.message == "images[1] (Linux/Ubuntu/Server@22.04.3 [arm64]): sha256 is not 64 hex digits")
        }
    }

    @Test func versionsThatDifferOnlyInSpellingAreDistinctImages() throws {
        let json = Self.manifest([
            Self.image(), Self.image(["version": #"{"major": "22", "minor": "4", "patch": "3"}"#]),
        ])
        #expect(try Manifest.parse(Data(json.utf8)).images.count == 2)
    }
}
