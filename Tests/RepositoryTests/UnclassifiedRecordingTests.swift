import Foundation
import GRDB
import ISOCatalog
import ISOStore
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Scan and import record the files they cannot classify in the store, refreshed on every walk of
/// the same directory, forgotten once catalogued.
struct UnclassifiedRecordingTests {
    @Test func aScanOfADirectoryRefreshesOnlyItsOwnRows() throws {
        let fixture = try CatalogFixture()
        let root = fixture.repository.root
        _ = try ImageGenerator.write(to: root + "/a/Rocky-9-latest-x86_64-dvd.iso", seed: 1, size: 1024)
        _ = try ImageGenerator.write(to: root + "/b/mystery.iso", seed: 2, size: 512)
        _ = try ImageGenerator.write(to: root + "/b/debian-12.5.0-amd64-netinst.iso", seed: 3, size: 512)
        let scanner = RepositoryScanner(repository: fixture.repository, store: fixture.store)

        let report = try scanner.scan()
        #expect(report.added.map(\.path) == ["b/debian-12.5.0-amd64-netinst.iso"])
        let files = try fixture.store.unclassifiedFiles()
        #expect(files.map(\.path) == ["a/Rocky-9-latest-x86_64-dvd.iso", "b/mystery.iso"])
        #expect(files.map(\.size) == [1024, 512])
        #expect(files[0].guess.name == "Rocky Linux" && files[0].guess.arch == "x86_64")
        #expect(files[0].reason.hasSuffix("missing version"))
        #expect(report.unparseable.map(\.reason) == files.map(\.reason))

        // b/ rescanned after the mystery file was renamed to a name the parser knows: a/ stays.
        try FileManager.default.moveItem(
            atPath: root + "/b/mystery.iso", toPath: root + "/b/alpine-virt-3.19.1-x86_64.iso")
        _ = try scanner.scan(directory: root + "/b")
        #expect(try fixture.store.unclassifiedFiles().map(\.path) == ["a/Rocky-9-latest-x86_64-dvd.iso"])

        // Catalogued by hand where it is: gone at once.
        _ = try CatalogEditor(repository: fixture.repository, store: fixture.store).add(
            CatalogAddition(
                file: root + "/a/Rocky-9-latest-x86_64-dvd.iso",
                identity: ImageIdentity(
                    family: "Linux", name: "Rocky Linux", flavor: "DVD", version: Version(major: "9", minor: "4"),
                    arch: "x86_64")))
        #expect(try fixture.store.unclassifiedFiles().isEmpty)
    }

    @Test func anImportRecordsTheAbsolutePathUntilTheFolderIsImportedAgain() throws {
        let fixture = try CatalogFixture()
        let folder = fixture.directory.appending("incoming")
        _ = try ImageGenerator.write(to: folder + "/ventoy-1.0.99-livecd.iso", seed: 4, size: 256)
        let importer = Importer(repository: fixture.repository, store: fixture.store)

        let report = try importer.importFolder(folder, mode: .copy)
        #expect(report.imported.isEmpty)
        let file = try #require(try fixture.store.unclassifiedFiles().first)
        #expect(file.origin == .import)
        #expect(file.path == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path + "/ventoy-1.0.99-livecd.iso")
        #expect(file.guess.version == Version(major: "1", minor: "0", patch: "99"))
        #expect(report.skipped.map(\.reason) == [file.reason])

        try FileManager.default.removeItem(atPath: folder + "/ventoy-1.0.99-livecd.iso")
        _ = try importer.importFolder(folder, mode: .copy)
        #expect(try fixture.store.unclassifiedFiles().isEmpty)
    }

    /// Makes every later recording of a file not classified fail, from another connection.
    static func refuseRecording(_ fixture: CatalogFixture) throws {
        let queue = try DatabaseQueue(path: fixture.store.databasePath)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse_unclassified BEFORE INSERT ON unclassified_file
                    BEGIN SELECT RAISE(FAIL, 'recording refused by the test'); END
                    """)
        }
        try queue.close()
    }

    @Test func aScanThatCannotRecordStillMarksVanishedImagesMissing() throws {
        let fixture = try CatalogFixture()
        let root = fixture.repository.root
        _ = try ImageGenerator.write(to: root + "/debian-12.5.0-amd64-netinst.iso", seed: 5, size: 512)
        let scanner = RepositoryScanner(repository: fixture.repository, store: fixture.store)
        #expect(try scanner.scan().added.count == 1)

        try Self.refuseRecording(fixture)
        try FileManager.default.removeItem(atPath: root + "/debian-12.5.0-amd64-netinst.iso")
        _ = try ImageGenerator.write(to: root + "/mystery.iso", seed: 6, size: 256)
        let report = try scanner.scan()
        #expect(report.missing.map(\.path) == ["debian-12.5.0-amd64-netinst.iso"])
        #expect(try fixture.store.images().map(\.state) == [.missing])
        #expect(report.unparseable.map(\.path) == ["mystery.iso"])
        let failure = try #require(report.failed.first)
        #expect(failure.path == ".")
        #expect(failure.reason.contains("cannot record the files not classified"))
        #expect(failure.reason.contains("recording refused by the test"), "\(failure.reason)")
    }

    @Test func anImportThatCannotRecordKeepsItsReport() throws {
        let fixture = try CatalogFixture()
        let folder = fixture.directory.appending("incoming")
        _ = try ImageGenerator.write(to: folder + "/debian-12.5.0-amd64-netinst.iso", seed: 7, size: 512)
        _ = try ImageGenerator.write(to: folder + "/mystery.iso", seed: 8, size: 256)
        try Self.refuseRecording(fixture)

        let report = try Importer(repository: fixture.repository, store: fixture.store).importFolder(
            folder, mode: .move)
        #expect(report.imported.map(\.image.path) == ["Linux/Debian - Netinst/debian.netinst-12.5.0.iso"])
        #expect(try fixture.store.images().count == 1)
        #expect(report.skipped.map(\.from).contains { $0.hasSuffix("/mystery.iso") })
        #expect(report.failed.count == 1)
        #expect(report.failed.first?.reason.contains("recording refused by the test") == true)
    }
}
