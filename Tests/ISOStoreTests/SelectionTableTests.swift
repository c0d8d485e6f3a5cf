import Common
import Foundation
import ISOCatalog
import ISOStore
import Testing

struct SelectionTableTests {
    @Test func selectionsRoundTripInCanonicalForm() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let (added, change) = try store.addSelection(
            Selection(parsing: "Linux/Ubuntu/Server@22.latest.latest", arch: "amd64", keep: 2), autoUpdate: false)
        #expect(change == .added)
        #expect(added.spec == "Linux/Ubuntu/Server@22")
        #expect(added.selection.arch == "amd64")
        #expect(added.selection.keep == 2)
        #expect(added.autoUpdate == false)
        let reopened = try fixture.open()
        #expect(try reopened.selections() == [added])
        #expect(try reopened.selection(id: added.id) == added)
    }

    @Test func addingTheSameRuleAgainUpdatesInsteadOfDuplicating() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let (first, _) = try store.addSelection(Selection(parsing: "Linux/Debian/Netinst@12"))
        let (same, unchanged) = try store.addSelection(Selection(parsing: "Linux/Debian/Netinst@12.latest"))
        #expect(unchanged == .unchanged)
        #expect(same.id == first.id)
        let (updated, change) = try store.addSelection(
            Selection(parsing: "Linux/Debian/Netinst@12", arch: nil, keep: 3), autoUpdate: false)
        #expect(change == .updated)
        #expect(updated.id == first.id)
        #expect(try store.selections().map(\.selection.keep) == [3])
        // Another arch is another rule.
        let (other, otherChange) = try store.addSelection(
            Selection(parsing: "Linux/Debian/Netinst@12", arch: "arm64", keep: 1))
        #expect(otherChange == .added)
        #expect(other.id != first.id)
        #expect(try store.selections().count == 2)
    }

    @Test func removingASelectionKeepsTheLinksOfImagesAcquiredForIt() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let (selection, _) = try store.addSelection(Selection(parsing: "Linux/Ubuntu/Server@22.04"))
        let image = try store.upsertImage(Sample.image(source: .manifest))
        let imageID = try #require(image.id)
        try store.link(imageID: imageID, to: selection)
        try store.link(imageID: imageID, to: selection)  // idempotent
        #expect(try store.links(imageID: imageID).map(\.selectionID) == [selection.id])

        let removed = try store.removeSelection(id: selection.id)
        #expect(removed == selection)
        #expect(try store.selections().isEmpty)
        let links = try store.links(imageID: imageID)
        #expect(links.count == 1)
        #expect(links.first?.selectionID == nil)
        #expect(links.first?.spec == "Linux/Ubuntu/Server@22.04")

        try store.removeImage(id: imageID)
        #expect(try store.allLinks().isEmpty)
        let error = try #require(throws: StoreError.self) { try store.removeSelection(id: selection.id) }
        #expect(error.code == .notFound)
    }
}
