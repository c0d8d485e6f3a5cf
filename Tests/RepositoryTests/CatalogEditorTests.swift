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

struct CatalogEditorTests {
    private let identity = ImageIdentity(
        family: "Windows", name: "Windows 11", flavor: "English", version: Version(major: "23H2"), arch: "x64")

    @Test func aFileInsideTheRepositoryIsRegisteredInPlace() throws {
        let fixture = try CatalogFixture()
        let sha256 = try fixture.writeImage("isos/Win11_23H2_English_x64.iso", seed: 5)
        let editor = CatalogEditor(repository: fixture.repository, store: fixture.store)
        let (image, placed) = try editor.add(
            CatalogAddition(
                file: fixture.repository.absolutePath(of: "isos/Win11_23H2_English_x64.iso"), identity: identity,
                displayName: "Windows 11 23H2", sha256: sha256.uppercased()))
        #expect(placed.outcome == .alreadyPresent)
        #expect(image.path == "isos/Win11_23H2_English_x64.iso")
        #expect(image.source == .catalog)
        #expect(image.displayName == "Windows 11 23H2")
        #expect(image.sha256 == sha256)
        #expect(try fixture.inventory().map(\.displayName) == ["Windows 11 23H2"])
    }

    @Test func aFileOutsideIsCopiedToItsLayoutPath() throws {
        let fixture = try CatalogFixture()
        let source = try ImageGenerator.write(to: fixture.directory.appending("x.bin"), seed: 6, size: 1000)
        let editor = CatalogEditor(repository: fixture.repository, store: fixture.store)
        let (image, placed) = try editor.add(CatalogAddition(file: source, identity: identity))
        #expect(placed.outcome == .copied)
        #expect(image.path == "Windows/Windows 11 - English/windows 11.english-23H2.iso")
        #expect(FileManager.default.fileExists(atPath: source))
    }

    @Test func aChecksumMismatchAddsNothing() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("in/place.iso", seed: 5)
        let editor = CatalogEditor(repository: fixture.repository, store: fixture.store)
        let error = try #require(throws: CatalogError.self) {
            try editor.add(
                CatalogAddition(
                    file: fixture.repository.absolutePath(of: "in/place.iso"), identity: identity,
                    sha256: String(repeating: "a", count: 64)))
        }
        #expect(error.code == .verification)
        #expect(try fixture.store.images().isEmpty)
    }

    @Test(arguments: [
        ("family", "Win/dows"), ("name", ".."), ("flavor", ""), ("arch", "x\u{7}64"),
    ])
    func unsafeIdentityFieldsAreInvalidInput(field: String, value: String) throws {
        let fixture = try CatalogFixture()
        let source = try ImageGenerator.write(to: fixture.directory.appending("x.bin"), seed: 6, size: 10)
        var bad = identity
        switch field {
        case "family": bad.family = value
        case "name": bad.name = value
        case "flavor": bad.flavor = value
        default: bad.arch = value
        }
        let editor = CatalogEditor(repository: fixture.repository, store: fixture.store)
        let error = try #require(throws: CatalogError.self) {
            try editor.add(CatalogAddition(file: source, identity: bad))
        }
        #expect(error.code == .invalidInput)
        #expect(error.message.contains(field))
    }

    @Test func removeByIdOrPathWithAndWithoutTheFile() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        try fixture.writeImage("debian-12.5.0-amd64-netinst.iso", seed: 2)
        let added = try fixture.scanner().scan().added
        let editor = CatalogEditor(repository: fixture.repository, store: fixture.store)
        let ubuntu = try #require(added.first { $0.identity.name == "Ubuntu" })
        try editor.remove("\(try #require(ubuntu.id))", deleteFile: false)
        #expect(FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: ubuntu.path)))
        try editor.remove(fixture.repository.absolutePath(of: "debian-12.5.0-amd64-netinst.iso"), deleteFile: true)
        #expect(
            !FileManager.default.fileExists(
                atPath: fixture.repository.absolutePath(of: "debian-12.5.0-amd64-netinst.iso")))
        #expect(try fixture.store.images().isEmpty)
        #expect(try fixture.inventory().isEmpty)
        let error = try #require(throws: CatalogError.self) { try editor.remove("42", deleteFile: false) }
        #expect(error.code == .notFound)
    }

    @Test func anExportedInventoryImportsBackIntoAnEmptyStore() throws {
        let fixture = try CatalogFixture()
        try fixture.writeImage("ubuntu-22.04.3-live-server-amd64.iso", seed: 1)
        _ = try fixture.scanner().scan()
        let exported = try fixture.store.inventoryEntries()
        let fresh = try CatalogStore(
            databasePath: fixture.directory.appending("other.sqlite"),
            inventoryPath: fixture.directory.appending("other.json"))
        let editor = CatalogEditor(repository: fixture.repository, store: fresh)
        var entries = exported
        var gone = exported[0]
        gone.path = "gone/debian-12.iso"
        gone.family = "Other"
        entries.append(gone)
        let imported = try editor.importInventory(entries)
        #expect(imported.map(\.state) == [.present, .missing])
        #expect(try fresh.inventoryEntries() == exported)
    }
}
