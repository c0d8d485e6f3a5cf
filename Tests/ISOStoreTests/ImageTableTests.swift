import Common
import Foundation
import ISOCatalog
import Testing

@testable import ISOStore

struct ImageTableTests {
    @Test func anImageRoundTripsWithEveryField() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        var image = Sample.image()
        image.identity.version = Version(major: "22", minor: "04")  // absent patch stays absent
        let stored = try store.upsertImage(image)
        let id = try #require(stored.id)
        var expected = image
        expected.id = id
        #expect(try store.image(id: id) == expected)
        #expect(try store.image(path: image.path) == expected)
        #expect(try store.image(identity: image.identity) == expected)
        #expect(try store.images() == [expected])
        let reopened = try fixture.open()
        #expect(try reopened.image(id: id) == expected)
    }

    @Test func upsertByPathKeepsIdAndAddedDate() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let first = try store.upsertImage(Sample.image())
        var changed = Sample.image()
        changed.sha256 = String(repeating: "0", count: 64)
        changed.displayName = nil
        changed.added = Date()
        let second = try store.upsertImage(changed)
        #expect(second.id == first.id)
        #expect(second.added == first.added)
        let firstID = try #require(first.id)
        let read = try #require(try store.image(id: firstID))
        #expect(read.sha256 == String(repeating: "0", count: 64))
        #expect(read.displayName == nil)
        #expect(try store.images().count == 1)
    }

    @Test func theSameIdentityAtAnotherPathIsAConflictNamingBoth() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        try store.upsertImage(Sample.image(path: "a.iso"))
        let error = try #require(throws: StoreError.self) { try store.upsertImage(Sample.image(path: "b.iso")) }
        #expect(error.code == .conflict)
        #expect(error.message.contains("a.iso") && error.message.contains("b.iso"))
        #expect(try store.images().map(\.path) == ["a.iso"])
    }

    @Test func identitiesDifferingOnlyByAbsentComponentsOrArchAreDistinct() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        var withoutArch = Sample.image(path: "x.iso")
        withoutArch.identity.arch = nil
        try store.upsertImage(withoutArch)
        try store.upsertImage(Sample.image(path: "y.iso"))
        #expect(try store.images().count == 2)
        var again = withoutArch
        again.path = "z.iso"
        #expect(throws: StoreError.self) { try store.upsertImage(again) }
    }

    @Test(arguments: [
        ("../escape.iso", "leaves the repository"),
        ("/etc/passwd.iso", "absolute"),
        ("", "empty"),
    ])
    func pathsOutsideTheRepositoryAreRefused(path: String, reason: String) throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let error = try #require(throws: StoreError.self) { try store.upsertImage(Sample.image(path: path)) }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains(reason))
    }

    @Test func malformedChecksumsAndNegativeSizesAreRefused() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        var badChecksum = Sample.image()
        badChecksum.sha256 = "ABC"
        #expect(throws: StoreError.self) { try store.upsertImage(badChecksum) }
        var negative = Sample.image()
        negative.size = -1
        #expect(throws: StoreError.self) { try store.upsertImage(negative) }
        #expect(try store.images().isEmpty)
    }

    @Test func removingAnImageReturnsItAndUnknownIdsAreNotFound() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let stored = try store.upsertImage(Sample.image())
        let removed = try store.removeImage(id: #require(stored.id))
        #expect(removed == stored)
        #expect(try store.images().isEmpty)
        let error = try #require(throws: StoreError.self) { try store.removeImage(id: 999) }
        #expect(error.code == .notFound)
        #expect(error.message.contains("999"))
    }

    @Test func missingImagesStayInTheStoreButLeaveTheInventory() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let kept = try store.upsertImage(Sample.image("Ubuntu"))
        let lost = try store.upsertImage(Sample.image("Debian"))
        #expect(try fixture.inventory().count == 2)
        try store.setState(.missing, ofImages: [#require(lost.id)])
        #expect(try store.images().count == 2)
        #expect(try fixture.inventory().map(\.path) == [kept.path])
        try store.setState(.present, ofImages: [#require(lost.id)])
        #expect(try fixture.inventory().count == 2)
    }
}
