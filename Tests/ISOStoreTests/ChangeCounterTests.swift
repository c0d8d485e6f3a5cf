import Foundation
import ISOCatalog
import Testing

@testable import ISOStore

/// The store's change counter (issue 13, item 3): it moves after a commit by any connection — the
/// store's own pool, another store on the same database (a CLI process) — and holds still otherwise.
struct ChangeCounterTests {
    @Test func movesOnEveryCommitWhoeverMakesIt() throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let first = store.changeCounter()
        #expect(store.changeCounter() == first, "nothing committed: unchanged")
        _ = try store.images()
        #expect(store.changeCounter() == first, "a read is no change")

        try store.setSetting("manifest.interval", "2h")
        let own = store.changeCounter()
        #expect(own > first, "the store's own write")
        #expect(store.changeCounter() == own)

        let other = try fixture.open()
        try other.addSelection(try Selection(parsing: "Linux/Debian/*@12"))
        let elsewhere = store.changeCounter()
        #expect(elsewhere > own, "another connection's write")
        #expect(store.changeCounter() == elsewhere)
    }
}
