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
}
