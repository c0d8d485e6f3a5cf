import Foundation
import GRDB
import ISOCatalog
import TestSupport
import Testing

@testable import ISOStore

struct InventoryTests {
    @Test func everyImageChangeRewritesTheInventoryFromTheDatabase() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let ubuntu = try store.upsertImage(Sample.image("Ubuntu"))
        let debian = try store.upsertImage(Sample.image("Debian"))
        #expect(try fixture.inventory() == [debian.inventoryEntry, ubuntu.inventoryEntry])
        #expect(
            fixture.inventoryBytes() == (try InventoryCoding.encode([ubuntu.inventoryEntry, debian.inventoryEntry])))
        try store.removeImage(id: #require(ubuntu.id))
        #expect(try fixture.inventory() == [debian.inventoryEntry])
    }

    @Test func theInventoryUsesTheFieldsOfDesignSection4() throws {
        let fixture = try StoreFixture()
        try fixture.open().upsertImage(Sample.image())
        let bytes = try #require(fixture.inventoryBytes())
        let json = try #require(try JSONSerialization.jsonObject(with: bytes) as? [[String: Any]])
        let entry = try #require(json.first)
        #expect(
            Set(entry.keys) == [
                "family", "name", "flavor", "version", "arch", "path", "size", "sha256", "display_name", "source",
                "added",
            ])
        #expect(entry["added"] as? String == "2025-11-27T00:00:00Z")
        #expect(entry["source"] as? String == "scan")
        #expect((entry["version"] as? [String: Any])?["minor"] as? String == "04")
    }

    /// The crash case: the database committed a change but the process died before rewriting the
    /// inventory. The next open must rewrite it from the database.
    @Test func aCommitWithoutItsInventoryRewriteHealsOnReopen() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let stored = try store.upsertImage(Sample.image("Ubuntu"))
        let before = try #require(fixture.inventoryBytes())
        try store.close()

        // Commit straight to the database, as a process that died right after its commit would have.
        let pool = try DatabasePool(path: fixture.databasePath)
        try pool.write { db in
            try db.execute(sql: "DELETE FROM image WHERE id = ?", arguments: [stored.id])
            try db.execute(
                sql: """
                    INSERT INTO image (family, name, flavor, major, minor, path, size, source, added)
                    VALUES ('Linux', 'Debian', 'Netinst', '12', '5', 'debian-12.5.iso', 42, 'catalog',
                            '2026-11-27 08:00:00.000')
                    """)
        }
        try pool.close()
        #expect(fixture.inventoryBytes() == before, "the stale inventory is still on disk")

        let reopened = try fixture.open()
        let entries = try fixture.inventory()
        #expect(entries.map(\.path) == ["debian-12.5.iso"])
        #expect(entries.first?.source == .catalog)
        #expect(fixture.inventoryBytes() == (try reopened.inventoryData()))
    }

    @Test(arguments: [
        Data("{ this is not json".utf8),
        Data(),
        Data("[]\n".utf8),
        Data(#"[{"family": "Linux"}]"#.utf8),
    ])
    func aCorruptOrStaleInventoryIsRewrittenOnOpen(content: Data) throws {
        let fixture = try StoreFixture()
        let stored = try fixture.open().upsertImage(Sample.image())
        try content.write(to: URL(fileURLWithPath: fixture.inventoryPath))
        _ = try fixture.open()
        #expect(try fixture.inventory() == [stored.inventoryEntry])
    }

    @Test func aDeletedInventoryIsRecreatedAndAnUpToDateOneIsLeftAlone() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        try store.upsertImage(Sample.image())
        try FileManager.default.removeItem(atPath: fixture.inventoryPath)
        #expect(try store.healInventory())
        #expect(try fixture.inventory().count == 1)
        #expect(try store.healInventory() == false)
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        for index in 0..<5 {
            try store.upsertImage(Sample.image("Distro\(index)"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
            .filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
