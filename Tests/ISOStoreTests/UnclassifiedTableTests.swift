import Foundation
import GRDB
import ISOCatalog
import Testing

@testable import ISOStore

struct UnclassifiedTableTests {
    static func file(_ path: String, size: Int64 = 7, origin: UnclassifiedFile.Origin = .scan) -> UnclassifiedFile {
        UnclassifiedFile(
            path: path, origin: origin, size: size, reason: "no pattern matches; missing version",
            guess: FileNameGuess(
                family: "Linux", name: "Rocky Linux", flavor: nil, version: Version(major: "9", minor: "4"),
                arch: "x86_64"))
    }

    @Test func aScanReplacesTheRowsOfItsDirectoryOnly() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        try store.replaceUnclassified(
            origin: .scan, under: "", with: [Self.file("a/one.iso"), Self.file("b/two.iso"), Self.file("b2.iso")])
        #expect(try store.unclassifiedFiles().map(\.path) == ["a/one.iso", "b/two.iso", "b2.iso"])
        let read = try #require(try store.unclassifiedFiles().first)
        #expect(read.guess == Self.file("a/one.iso").guess)
        #expect(read.size == 7 && read.origin == .scan && read.reason.contains("missing version"))

        // A scan of b/ that no longer finds two.iso but finds three.iso: a/ and b2.iso stay.
        try store.replaceUnclassified(origin: .scan, under: "b", with: [Self.file("b/three.iso", size: 9)])
        #expect(try store.unclassifiedFiles().map(\.path) == ["a/one.iso", "b/three.iso", "b2.iso"])

        // Imports keep their own rows; a scan of the whole repository leaves them.
        try store.replaceUnclassified(
            origin: .import, under: "/srv/in", with: [Self.file("/srv/in/x.iso", origin: .import)])
        try store.replaceUnclassified(origin: .scan, under: "", with: [])
        #expect(try store.unclassifiedFiles().map(\.path) == ["/srv/in/x.iso"])
        #expect(try store.unclassifiedFiles().map(\.origin) == [.import])
    }

    @Test func listingTheSameFilesAgainCommitsNothing() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let files = [Self.file("a/one.iso"), Self.file("b/two.iso")]
        try store.replaceUnclassified(origin: .scan, under: "", with: files)
        let seen = try store.unclassifiedFiles().map(\.seen)
        let before = store.changeCounter()
        try store.replaceUnclassified(origin: .scan, under: "", with: files)
        #expect(store.changeCounter() == before, "an unchanged listing leaves the change counter alone")
        #expect(try store.unclassifiedFiles().map(\.seen) == seen)
        // A changed one is committed, read and written in the same transaction.
        try store.replaceUnclassified(origin: .scan, under: "", with: [Self.file("a/one.iso", size: 8)])
        #expect(store.changeCounter() != before)
        #expect(try store.unclassifiedFiles().map(\.size) == [8])
    }

    @Test func aPathTheCatalogHoldsIsLeftOutAndCanBeForgotten() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let held = Sample.image(path: "held.iso")
        try store.replaceUnclassified(origin: .scan, under: "", with: [Self.file("held.iso"), Self.file("other.iso")])
        try store.upsertImage(held)
        #expect(try store.unclassifiedFiles().map(\.path) == ["other.iso"])
        try store.removeUnclassified(paths: ["other.iso", "never-listed.iso"])
        #expect(try store.unclassifiedFiles().isEmpty)
    }

    @Test func aVersion3DatabaseIsUpgradedWithItsRowsKept() throws {
        let fixture = try StoreFixture()
        do {
            let pool = try DatabasePool(path: fixture.databasePath)
            try StoreSchema.migrator.migrate(pool, upTo: "v3")
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO image (family, name, flavor, major, path, size, source, added, verified)
                        VALUES ('Linux', 'Debian', 'Netinst', '12', 'debian-12.iso', 7, 'scan', '2026-11-27 00:00:00.000', 1)
                        """)
                try db.execute(
                    sql:
                        "INSERT INTO setting (key, value, updated) VALUES ('manifest.interval', '2h', '2026-11-27 00:00:00.000')"
                )
            }
            #expect(try pool.read { db in try StoreSchema.migrator.appliedMigrations(db) } == ["v1", "v2", "v3"])
            try pool.close()
        }
        let store = try fixture.open()
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4"])
        #expect(try store.images().map(\.path) == ["debian-12.iso"])
        #expect(try store.setting("manifest.interval") == "2h")
        #expect(try store.unclassifiedFiles().isEmpty)
        try store.replaceUnclassified(origin: .scan, under: "", with: [Self.file("mystery.iso")])
        try store.close()
        // And the rows survive a reopen.
        let again = try fixture.open()
        #expect(try again.unclassifiedFiles().map(\.path) == ["mystery.iso"])
    }
}
