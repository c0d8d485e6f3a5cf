import Foundation
import ISOCatalog
import Testing

struct ManifestModelTests {
    @Test func versionComponentsMayBeIntegersAndKeepLeadingZeros() throws {
        let json = #"{"major": 22, "minor": "04", "patch": null}"#
        let version = try JSONDecoder().decode(Version.self, from: Data(json.utf8))
        #expect(version == Version(major: "22", minor: "04"))
        #expect(version.description == "22.04")
    }

    static let badVersions = [
        #"{}"#, #"{"major": null}"#, #"{"major": true}"#, #"{"major": 1.5}"#, #"{"major": "1", "minor": []}"#,
    ]

    @Test(arguments: badVersions)
    func versionRefusesWrongTypes(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Version.self, from: Data(json.utf8)) }
    }

    @Test func identitiesAndImagesWriteEveryKey() throws {
        let identity = ImageIdentity(family: "Linux", name: "Debian", flavor: "Netinst", version: Version(major: "12"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(
            String(decoding: try encoder.encode(identity), as: UTF8.self)
                == #"{"arch":null,"family":"Linux","flavor":"Netinst","name":"Debian","version":{"major":"12","minor":null,"patch":null}}"#
        )
        let image = ManifestImage(identity: identity, sources: ImageSources(magnet: "magnet:?xt=urn:btih:00"))
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(image)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "family", "name", "flavor", "version", "arch", "display_name", "file_name", "size", "sha256", "sources",
            ])
        #expect(object["file_name"] is NSNull)
        #expect(try JSONDecoder().decode(ManifestImage.self, from: encoder.encode(image)) == image)
        #expect(try JSONDecoder().decode(ImageIdentity.self, from: encoder.encode(identity)) == identity)
    }

    @Test func identityDescriptionIsCompact() {
        #expect(
            ImageIdentity(
                family: "Linux", name: "Ubuntu", flavor: "Server",
                version: Version(major: "22", minor: "04", patch: "3"),
                arch: "amd64"
            ).description == "Linux/Ubuntu/Server@22.04.3 [amd64]")
        #expect(ImageSources().isEmpty)
        #expect(ImageSources(s3: ["s3://b/k"]).preferredKind == .s3)
        #expect(
            ImageSources(http: ["https://x"], torrent: "https://x.torrent", magnet: "magnet:?").preferredKind
                == .torrent)
        #expect(ImageSources(http: ["https://x"], magnet: "magnet:?").preferredKind == .magnet)
    }
}
