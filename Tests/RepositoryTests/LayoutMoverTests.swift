import Foundation
import ISOCatalog
import ISOStore
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Changing the layout: each held image renamed to its new path and recorded at once; refused,
/// nothing moved, on a collision or a taken path; an interrupted change finished from its journal.
struct LayoutMoverTests {
    private func identity(_ name: String, _ version: String, arch: String? = nil) -> ImageIdentity {
        let parts = version.split(separator: ".").map(String.init)
        return ImageIdentity(
            family: "Linux", name: name, flavor: "Server",
            version: Version(
                major: parts[0], minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil),
            arch: arch)
    }

    /// Two held images placed by the default layout.
    private func fixture(arches: (String?, String?) = (nil, nil)) throws -> (CatalogFixture, LayoutMover, [StoredImage])
    {
        let fixture = try CatalogFixture()
        var images: [StoredImage] = []
        for (seed, (name, version, arch)) in [("Ubuntu", "22.04.3", arches.0), ("Ubuntu", "24.04.1", arches.1)]
            .enumerated()
        {
            let identity = identity(name, version, arch: arch)
            let path = try fixture.repository.layoutPath(for: identity)
            let sha = try fixture.writeImage(path, seed: UInt64(seed + 1), size: 4096)
            images.append(
                try fixture.store.upsertImage(
                    StoredImage(identity: identity, path: path, size: 4096, sha256: sha, source: .manifest)))
        }
        let mover = LayoutMover(
            repository: fixture.repository, store: fixture.store,
            journalPath: fixture.directory.appending("layout-change.json"))
        return (fixture, mover, images)
    }

    @Test func everyImageMovesAndItsPathIsRecorded() throws {
        let (fixture, mover, _) = try fixture()
        let layout = try Layout(template: "{family}/{name}/{version}/{name_lower}.iso")
        let plan = try mover.plan(for: layout)
        #expect(plan.isPossible)
        #expect(plan.moves.map(\.to) == ["Linux/Ubuntu/22.04.3/ubuntu.iso", "Linux/Ubuntu/24.04.1/ubuntu.iso"])
        try mover.apply(plan)
        let stored = try fixture.store.images().map(\.path).sorted()
        #expect(stored == ["Linux/Ubuntu/22.04.3/ubuntu.iso", "Linux/Ubuntu/24.04.1/ubuntu.iso"])
        for path in stored {
            #expect(FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: path)))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: "Linux/Ubuntu - Server")))
        #expect(try fixture.store.setting(LayoutMover.settingKey) == layout.template)
        #expect(fixture.repository.layout == layout)
        #expect(try fixture.inventory().map(\.path).sorted() == stored)
        #expect(!FileManager.default.fileExists(atPath: mover.journalPath))
    }

    @Test func aCollisionIsRefusedAndNothingMoves() throws {
        let (fixture, mover, images) = try fixture()
        // Without {version}, both images would be at one path.
        let plan = try mover.plan(for: try Layout(template: "{family}/{name_lower}.iso"))
        #expect(!plan.isPossible)
        #expect(plan.refusals.first?.contains("would both be at Linux/ubuntu.iso") == true)
        #expect(throws: CatalogError.self) { try mover.apply(plan) }
        #expect(try fixture.store.images().map(\.path).sorted() == images.map(\.path).sorted())
        for image in images {
            #expect(FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: image.path)))
        }
        #expect(try fixture.store.setting(LayoutMover.settingKey) == nil)
        #expect(!FileManager.default.fileExists(atPath: mover.journalPath))
    }

    @Test func aPathTakenByAnotherFileIsRefused() throws {
        let (fixture, mover, images) = try fixture()
        try ImageGenerator.write(
            to: fixture.repository.absolutePath(of: "flat/ubuntu-22.04.3.iso"), seed: 9, size: 100)
        let plan = try mover.plan(for: try Layout(template: "flat/{name_lower}-{version}.iso"))
        #expect(
            plan.refusals == [
                "Linux/Ubuntu/Server@22.04.3 cannot go to flat/ubuntu-22.04.3.iso: a file the catalog does not hold is there"
            ])
        #expect(throws: CatalogError.self) { try mover.apply(plan) }
        #expect(try fixture.store.images().map(\.path).sorted() == images.map(\.path).sorted())
    }

    @Test func anInterruptedChangeIsFinishedFromItsJournal() throws {
        let (fixture, mover, _) = try fixture()
        let layout = try Layout(template: "{name}/{version}.iso")
        let plan = try mover.plan(for: layout)
        // What a process killed after the first rename leaves: the journal, one file moved, the
        // store still naming its old path.
        let encoder = JSONEncoder()
        struct Journal: Encodable {
            var template: String
            var moves: [LayoutChangePlan.Move]
        }
        try encoder.encode(Journal(template: plan.template, moves: plan.moves))
            .write(to: URL(fileURLWithPath: mover.journalPath))
        let first = plan.moves[0]
        try FileManager.default.createDirectory(
            atPath: (fixture.repository.absolutePath(of: first.to) as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        #expect(
            rename(fixture.repository.absolutePath(of: first.from), fixture.repository.absolutePath(of: first.to)) == 0)

        #expect(try mover.recover() == 2)
        #expect(try fixture.store.images().map(\.path).sorted() == ["Ubuntu/22.04.3.iso", "Ubuntu/24.04.1.iso"])
        for path in ["Ubuntu/22.04.3.iso", "Ubuntu/24.04.1.iso"] {
            #expect(FileManager.default.fileExists(atPath: fixture.repository.absolutePath(of: path)))
        }
        #expect(try fixture.store.setting(LayoutMover.settingKey) == layout.template)
        #expect(try mover.recover() == nil)
    }

    @Test func aSwapIsACycleAndRefused() throws {
        // Each image would take the other's path: renames could only overwrite.
        let plan = LayoutChangePlan.make(
            images: [
                StoredImage(id: 1, identity: identity("Ubuntu", "1"), path: "2.iso", size: 1, source: .manifest),
                StoredImage(id: 2, identity: identity("Ubuntu", "2"), path: "1.iso", size: 1, source: .manifest),
            ], layout: try Layout(template: "{major}.iso")
        ) { _ in true }
        #expect(
            plan.refusals == ["the moves form a cycle: 1.iso → 2.iso, 2.iso → 1.iso; change the layout in two steps"])
        #expect(plan.moves.isEmpty)
    }

    @Test func aChainRunsInTheOrderThatFreesEachPath() throws {
        // 1 goes to 2's path while 2 moves on to a free one: 2 must go first.
        let plan = LayoutChangePlan.make(
            images: [
                StoredImage(id: 1, identity: identity("Ubuntu", "2"), path: "1.iso", size: 1, source: .manifest),
                StoredImage(id: 2, identity: identity("Ubuntu", "3"), path: "2.iso", size: 1, source: .manifest),
            ], layout: try Layout(template: "{major}.iso")
        ) { path in ["1.iso", "2.iso"].contains(path) }
        #expect(plan.isPossible)
        #expect(plan.moves.map(\.imageID) == [2, 1])
    }
}
