import Foundation
import ISOCatalog
import Testing

struct InventoryCodingTests {
    static let ubuntu = InventoryEntry(
        identity: ImageIdentity(
            family: "Linux", name: "Ubuntu", flavor: "Server",
            version: Version(major: "22", minor: "04", patch: "3"), arch: "amd64"),
        path: "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", size: 2_133_391_360,
        sha256: String(repeating: "ab", count: 32), displayName: "Ubuntu 22.04.3 LTS Server",
        source: .manifest, added: Date(timeIntervalSince1970: 1_795_000_000))
    static let debian = InventoryEntry(
        identity: ImageIdentity(family: "Linux", name: "Debian", flavor: "Netinst", version: Version(major: "12")),
        path: "Linux/Debian - Netinst/debian.netinst-12.iso", size: 600, sha256: nil, displayName: nil,
        source: .scan, added: Date(timeIntervalSince1970: 1_795_000_000.25))

    @Test func roundTripsAndSortsByPath() throws {
        let data = try InventoryCoding.encode([Self.ubuntu, Self.debian])
        let decoded = try InventoryCoding.decode(data)
        #expect(decoded == [Self.debian, Self.ubuntu])
    }

    @Test func encodingIsStableWhateverTheInputOrder() throws {
        let a = try InventoryCoding.encode([Self.ubuntu, Self.debian])
        let b = try InventoryCoding.encode([Self.debian, Self.ubuntu])
        #expect(a == b)
        #expect(a.last == 0x0A)
    }

    @Test func writesTheDocumentedShape() throws {
        let text = String(decoding: try InventoryCoding.encode([Self.ubuntu]), as: UTF8.self)
        #expect(text.contains(#""added" : "2026-11-18T11:06:40Z""#))
        #expect(text.contains(#""display_name" : "Ubuntu 22.04.3 LTS Server""#))
        #expect(text.contains(#""path" : "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso""#))
        #expect(text.contains(#""source" : "manifest""#))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("    \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
        let fractional = String(decoding: try InventoryCoding.encode([Self.debian]), as: UTF8.self)
        #expect(fractional.contains(#""added" : "2026-11-18T11:06:40.250Z""#))
    }

    @Test func readsOffsetsAndIntegerVersions() throws {
        let json = #"""
            [{"family": "Linux", "name": "Debian", "flavor": "Netinst", "version": {"major": 12, "minor": 5},
              "path": "a.iso", "size": 1, "source": "import", "added": "2026-11-18T13:06:40+02:00", "extra": true}]
            """#
        let entries = try InventoryCoding.decode(Data(json.utf8))
        #expect(entries.count == 1)
        #expect(entries[0].version == Version(major: "12", minor: "5"))
        #expect(entries[0].added == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(entries[0].source == .import)
    }

    static let invalid: [(String, InventoryError.Code, String)] = [
        ("{}", .malformed, "inventory is not a JSON array"),
        ("not json", .malformed, "inventory"),
        (#"[{"family": "Linux"}]"#, .invalidEntry, "inventory[0]"),
        (
            #"[{"family": "Linux", "name": "D", "flavor": "N", "version": {"major": "1"}, "path": "a", "size": "big", "source": "scan", "added": "2026-11-18T11:06:40Z"}]"#,
            .invalidEntry, "inventory[0] field size"
        ),
        (
            #"[{"family": "Linux", "name": "D", "flavor": "N", "version": {"major": "1"}, "path": "a", "size": 1, "source": "stolen", "added": "2026-11-18T11:06:40Z"}]"#,
            .invalidEntry, "inventory[0] field source"
        ),
        (
            #"[{"family": "Linux", "name": "D", "flavor": "N", "version": {"major": "1"}, "path": "a", "size": 1, "source": "scan", "added": "yesterday"}]"#,
            .invalidEntry, "inventory[0] field added"
        ),
        (
            #"[{"family": "L", "name": "D", "flavor": "N", "version": {"major": "1"}, "path": "a", "size": 1, "source": "scan", "added": "2026-11-18T11:06:40Z"}, {"family": "L", "name": "D", "flavor": "N", "version": {"major": "2"}, "path": "a", "size": 1, "source": "scan", "added": "2026-11-18T11:06:40Z"}]"#,
            .duplicatePath, "inventory[1]: path 'a' appears twice"
        ),
    ]

    @Test(arguments: invalid)
    func refusesInvalidInventories(json: String, code: InventoryError.Code, messagePrefix: String) {
        do {
            let entries = try InventoryCoding.decode(Data(json.utf8))
            Issue.record("expected an error, got \(entries)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.hasPrefix(messagePrefix), "\(error.message)")
        }
    }
}
