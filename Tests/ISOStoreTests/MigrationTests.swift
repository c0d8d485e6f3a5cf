import Common
import Foundation
import GRDB
import ISOCatalog
import Testing

@testable import ISOStore

struct MigrationTests {
    @Test func anEmptyDirectoryGetsEveryMigrationAndAnEmptyInventory() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4"])
        #expect(CatalogStore.schemaVersion == "v4")
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "image", "image_selection", "selection", "setting", "manifest_cache", "transfer", "unclassified_file",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try fixture.inventory().isEmpty)
    }

    @Test func reopeningRunsNothingTwiceAndKeepsTheData() throws {
        let fixture = try StoreFixture()
        let first = try fixture.open()
        try first.upsertImage(Sample.image())
        try first.close()
        for _ in 0..<3 {
            let again = try fixture.open()
            #expect(try again.appliedMigrations() == ["v1", "v2", "v3", "v4"])
            #expect(try again.images().count == 1)
            try again.close()
        }
    }

    @Test func aVersion1DatabaseIsUpgradedWithItsRowsKept() throws {
        let fixture = try StoreFixture()
        do {
            let pool = try DatabasePool(path: fixture.databasePath)
            try StoreSchema.migrator.migrate(pool, upTo: "v1")
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO image (family, name, flavor, major, path, size, source, added)
                        VALUES ('Linux', 'Debian', 'Netinst', '12', 'debian-12.iso', 7, 'scan', '2026-11-27 00:00:00.000')
                        """)
            }
            #expect(try pool.read { db in try StoreSchema.migrator.appliedMigrations(db) } == ["v1"])
            try pool.close()
        }
        let store = try fixture.open()
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4"])
        #expect(try store.images().map(\.path) == ["debian-12.iso"])
        // v3: rows from before are taken as verified.
        #expect(try store.images().map(\.verified) == [true])
        #expect(try store.cachedManifest() == nil)
        // The inventory is written from the upgraded database on open.
        #expect(try fixture.inventory().map(\.path) == ["debian-12.iso"])
    }

    @Test func aFailedMigrationNamesTheDatabase() throws {
        let fixture = try StoreFixture()
        try Data("this is not an SQLite database, just text that is long enough to matter".utf8)
            .write(to: URL(fileURLWithPath: fixture.databasePath))
        let error = try #require(throws: StoreError.self) { try fixture.open() }
        #expect(error.code == .cannotOpen)
        #expect(error.description.contains(fixture.databasePath))
    }
}
