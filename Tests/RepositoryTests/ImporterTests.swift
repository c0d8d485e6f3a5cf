import Common
import Digest
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

struct ImporterTests {
    static let ubuntuName = "ubuntu-22.04.3-live-server-amd64.iso"
    static let ubuntuLayoutPath = "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"

    /// A folder outside the repository holding `files` (name → seed).
    private func sourceFolder(
        _ fixture: CatalogFixture, _ files: [String: UInt64], size: Int = 300 * 1024
    ) throws -> String {
        let folder = fixture.directory.appending("incoming")
        for (name, seed) in files {
            try ImageGenerator.write(to: folder + "/" + name, seed: seed, size: size)
        }
        return folder
    }

    private func importer(_ fixture: CatalogFixture) -> Importer {
        Importer(repository: fixture.repository, store: fixture.store, hashing: fixture.countingHasher)
    }

    @Test func copyPlacesTheFileAtItsLayoutPathAndKeepsTheSource() throws {
        let fixture = try CatalogFixture()
        let folder = try sourceFolder(
            fixture, [Self.ubuntuName: 1, "debian-12.5.0-amd64-netinst.iso": 2, "mystery.iso": 3])
        let report = try importer(fixture).importFolder(folder, mode: .copy)

        #expect(report.failed.isEmpty)
        #expect(report.skipped.map { ($0.from as NSString).lastPathComponent } == ["mystery.iso"])
        let byPath = Dictionary(uniqueKeysWithValues: report.imported.map { ($0.image.path, $0) })
        #expect(Set(byPath.keys) == [Self.ubuntuLayoutPath, "Linux/Debian - Netinst/debian.netinst-12.5.0.iso"])
        let ubuntu = try #require(byPath[Self.ubuntuLayoutPath])
        #expect(ubuntu.outcome == .copied)
        #expect(ubuntu.image.source == .import)
        #expect(ubuntu.image.sha256 == SHA256.hex(of: ImageGenerator.bytes(seed: 1, size: 300 * 1024)))
        #expect(
            FileManager.default.contents(atPath: fixture.repository.absolutePath(of: Self.ubuntuLayoutPath))
                == ImageGenerator.bytes(seed: 1, size: 300 * 1024))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + Self.ubuntuName))
        #expect(fixture.takeHashCount() == 0, "copies are hashed while copying, not read twice")
        #expect(try fixture.inventory().map(\.path).sorted() == byPath.keys.sorted())
    }

    @Test func moveRemovesTheSource() throws {
        let fixture = try CatalogFixture()
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])
        let report = try importer(fixture).importFolder(folder, mode: .move)
        #expect(report.imported.map(\.outcome) == [.moved])
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + Self.ubuntuName))
        #expect(
            FileManager.default.contents(atPath: fixture.repository.absolutePath(of: Self.ubuntuLayoutPath))
                == ImageGenerator.bytes(seed: 1, size: 300 * 1024))
    }

    @Test func linkSharesTheInode() throws {
        let fixture = try CatalogFixture()
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])
        let report = try importer(fixture).importFolder(folder, mode: .link)
        #expect(report.imported.map(\.outcome) == [.linked])
        #expect(report.imported.first?.note == nil)
        let source = try fileStamp(folder + "/" + Self.ubuntuName)
        let placed = try fileStamp(fixture.repository.absolutePath(of: Self.ubuntuLayoutPath))
        #expect(source.inode == placed.inode && source.device == placed.device)
        #expect(report.imported.first?.image.sha256 == SHA256.hex(of: ImageGenerator.bytes(seed: 1, size: 300 * 1024)))
    }

    @Test func linkAcrossFileSystemsCopiesWithANote() throws {
        let fixture = try CatalogFixture()
        // /dev/shm is a tmpfs: another device than the repository's file system on this machine.
        let folder = "/dev/shm/isofleet-import-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ImageGenerator.write(to: folder + "/" + Self.ubuntuName, seed: 1, size: 300 * 1024)
        try #require(try fileStamp(folder).device != fileStamp(fixture.repository.root).device)

        let report = try importer(fixture).importFolder(folder, mode: .link)
        let imported = try #require(report.imported.first)
        #expect(imported.outcome == .copied)
        #expect(imported.note?.contains("copied instead") == true)
        #expect(
            FileManager.default.contents(atPath: fixture.repository.absolutePath(of: Self.ubuntuLayoutPath))
                == ImageGenerator.bytes(seed: 1, size: 300 * 1024))
    }

    @Test func aDifferentFileAtTheLayoutPathIsNeverOverwritten() throws {
        let fixture = try CatalogFixture()
        let occupant = fixture.repository.absolutePath(of: Self.ubuntuLayoutPath)
        try ImageGenerator.write(to: occupant, seed: 42, size: 300 * 1024)
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])

        for mode in ImportMode.allCases {
            let report = try importer(fixture).importFolder(folder, mode: mode)
            #expect(report.imported.isEmpty)
            #expect(report.failed.count == 1)
            #expect(report.failed.first?.reason.contains("not overwritten") == true)
            #expect(FileManager.default.contents(atPath: occupant) == ImageGenerator.bytes(seed: 42, size: 300 * 1024))
            #expect(FileManager.default.fileExists(atPath: folder + "/" + Self.ubuntuName), "\(mode) kept the source")
        }
        #expect(try fixture.store.images().isEmpty)
    }

    @Test func anIdenticalFileAtTheLayoutPathIsAcceptedAsIs() throws {
        let fixture = try CatalogFixture()
        try ImageGenerator.write(
            to: fixture.repository.absolutePath(of: Self.ubuntuLayoutPath), seed: 1, size: 300 * 1024)
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])
        let report = try importer(fixture).importFolder(folder, mode: .copy)
        #expect(report.imported.map(\.outcome) == [.alreadyPresent])
        #expect(try fixture.store.images().map(\.path) == [Self.ubuntuLayoutPath])
    }

    @Test func aSourceThatShrinksMidCopyLeavesNothingAtTheLayoutPath() throws {
        let fixture = try CatalogFixture()
        let source = fixture.directory.appending("incoming/" + Self.ubuntuName)
        try ImageGenerator.write(to: source, seed: 1, size: 10 << 20)  // several copy blocks
        let placer = FilePlacer(repository: fixture.repository)
        let truncated = Locked(false)
        let error = try #require(throws: CatalogError.self) {
            try placer.place(source, at: Self.ubuntuLayoutPath, mode: .copy) { _ in
                truncated.withLock { done in
                    if !done { truncate(source, 1 << 20) }
                    done = true
                }
            }
        }
        #expect(error.code == .verification)
        #expect(error.message.contains("nothing placed"))
        try expectNothingPlaced(fixture)
    }

    @Test func aSourceDeletedMidCopyLeavesNothingAtTheLayoutPath() throws {
        let fixture = try CatalogFixture()
        let source = fixture.directory.appending("incoming/" + Self.ubuntuName)
        try ImageGenerator.write(to: source, seed: 1, size: 10 << 20)
        let placer = FilePlacer(repository: fixture.repository)
        let error = try #require(throws: CatalogError.self) {
            try placer.place(source, at: Self.ubuntuLayoutPath, mode: .copy) { _ in unlink(source) }
        }
        #expect(error.code == .verification)
        try expectNothingPlaced(fixture)
    }

    @Test func aCopyThatCannotBeWrittenLeavesNothingBehind() throws {
        let fixture = try CatalogFixture()
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])
        // A file where the layout's directory should be: the copy cannot even start.
        try Data("blocker".utf8).write(to: URL(fileURLWithPath: fixture.repository.absolutePath(of: "Linux")))
        let report = try importer(fixture).importFolder(folder, mode: .copy)
        #expect(report.imported.isEmpty)
        #expect(report.failed.first?.reason.contains("cannot create directory") == true)
        #expect(try fixture.store.images().isEmpty)
        #expect(try fixture.inventory().isEmpty)
    }

    @Test func aWrongExpectedChecksumPlacesNothingInAnyMode() throws {
        let fixture = try CatalogFixture()
        let folder = try sourceFolder(fixture, [Self.ubuntuName: 1])
        let placer = FilePlacer(repository: fixture.repository)
        for mode in ImportMode.allCases {
            let error = try #require(throws: CatalogError.self) {
                try placer.place(
                    folder + "/" + Self.ubuntuName, at: Self.ubuntuLayoutPath, mode: mode,
                    expectedSHA256: String(repeating: "0", count: 64))
            }
            #expect(error.code == .verification)
            try expectNothingPlaced(fixture)
            #expect(FileManager.default.fileExists(atPath: folder + "/" + Self.ubuntuName))
        }
    }

    /// No file, no temporary file and no directory created under the repository root.
    private func expectNothingPlaced(_ fixture: CatalogFixture) throws {
        let entries = try FileManager.default.subpathsOfDirectory(atPath: fixture.repository.root)
        #expect(entries.isEmpty, "left behind: \(entries)")
    }
}
