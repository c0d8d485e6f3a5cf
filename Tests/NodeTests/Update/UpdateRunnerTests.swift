import Acquisition
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

/// Update runs against nginx: from an empty node, a run with nothing to do, a newer patch, two
/// selections sharing an image, a stale manifest that cannot be refreshed.
@Suite(.timeLimit(.minutes(1)))
struct UpdateRunnerTests {
    @Test func fullRunFromAnEmptyNodeThenARunThatChangesNothing() async throws {
        let fixture = try OriginFixture()
        let ubuntu = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 3 << 20)
        let debian = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 2 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([ubuntu, debian]) { [nginx.url($0.fileName)] }
        let ubuntuSelection = try fixture.select("Linux/Ubuntu/Server@22.04")
        try fixture.select("Linux/Debian/*@latest")

        let runner = fixture.runner()
        let events = runner.events()
        let report = try await runner.run()
        #expect(report.failed.isEmpty && report.deleted.isEmpty)
        #expect(Set(report.fetched.map(\.identity)) == [ubuntu.identity, debian.identity])
        #expect(report.fetched.allSatisfy { $0.verified && $0.kind == .http && $0.bytesFromOrigin == $0.size })
        for image in [ubuntu, debian] {
            let path = try fixture.layoutPath(image)
            let data = try #require(FileManager.default.contents(atPath: fixture.repositoryFile(path)))
            #expect(SHA256.hex(of: data) == image.sha256)
        }
        let inventory = try fixture.inventory()
        #expect(Set(inventory.map(\.identity)) == [ubuntu.identity, debian.identity])
        #expect(inventory.allSatisfy { $0.source == .manifest && $0.sha256 != nil })
        let storedUbuntu = try #require(try fixture.store.image(identity: ubuntu.identity))
        #expect(try fixture.store.links(imageID: storedUbuntu.id!).map(\.selectionID) == [ubuntuSelection.id])
        #expect(try fixture.store.transfers().isEmpty)
        let contents = try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete)
        #expect(contents.isEmpty)

        // Events: planned, per transfer started → completed, finished.
        var kinds: [String] = []
        for await event in events {
            switch event {
            case .planned: kinds.append("planned")
            case .transferStarted: kinds.append("started")
            case .transferCompleted: kinds.append("completed")
            case .finished: kinds.append("finished")
            default: continue
            }
            if kinds.last == "finished" { break }
        }
        #expect(kinds == ["planned", "started", "completed", "started", "completed", "finished"])

        // Nothing to do: no image bytes asked of the origin.
        let requestsBefore = nginx.requests().count
        let second = try await fixture.runner().run()
        #expect(second.fetched.isEmpty && second.failed.isEmpty && second.deleted.isEmpty)
        #expect(second.kept.count == 2)
        try await Task.sleep(for: .milliseconds(100))
        #expect(nginx.requests().count == requestsBefore)
    }

    @Test func newerPatchIsFetchedAndTheOldOneDeleted() async throws {
        let fixture = try OriginFixture()
        let old = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1)
        let new = try fixture.image("Linux/Ubuntu/Server@22.04.4", seed: 3)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([old]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        #expect(try await fixture.runner().run().fetched.count == 1)

        try fixture.writeManifest([old, new]) { [nginx.url($0.fileName)] }
        let preview = try await fixture.runner().preview(forceSync: true)
        #expect(preview.plan.fetch.map(\.identity) == [new.identity])
        #expect(preview.plan.delete.map(\.identity) == [old.identity])
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(new))))

        let report = try await fixture.runner().run(forceSync: true)
        #expect(report.manifest.outcome == .fetched)
        #expect(report.fetched.map(\.identity) == [new.identity])
        #expect(report.deleted.map(\.identity) == [old.identity])
        #expect(report.deleted.first?.reason.contains("replaced by") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(old))))
        let placed = try #require(
            FileManager.default.contents(atPath: fixture.repositoryFile(try fixture.layoutPath(new))))
        #expect(SHA256.hex(of: placed) == new.sha256)
        #expect(try fixture.inventory().map(\.identity) == [new.identity])
        #expect(try fixture.store.images().map(\.identity) == [new.identity])
    }

    @Test func twoSelectionsSharingOneBestImageDeleteNothingWrongly() async throws {
        let fixture = try OriginFixture()
        let old = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1)
        let new = try fixture.image("Linux/Ubuntu/Server@22.04.4", seed: 3)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([old]) { [nginx.url($0.fileName)] }
        let pinned = try fixture.select("Linux/Ubuntu/Server@22.04.3")
        try fixture.select("Linux/Ubuntu/Server@22")
        let first = try await fixture.runner().run()
        #expect(first.fetched.map(\.identity) == [old.identity])

        // The floating selection moves on; the pinned one still holds the old image.
        try fixture.writeManifest([old, new]) { [nginx.url($0.fileName)] }
        let second = try await fixture.runner().run(forceSync: true)
        #expect(second.fetched.map(\.identity) == [new.identity])
        #expect(second.deleted.isEmpty)
        #expect(
            second.kept.first { $0.identity == old.identity }?.reason.contains("Linux/Ubuntu/Server@22.04.3") == true)
        #expect(FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(old))))

        // Once no selection wants it, it goes.
        try fixture.store.removeSelection(id: pinned.id)
        let third = try await fixture.runner().run()
        #expect(third.deleted.map(\.identity) == [old.identity])
        #expect(try fixture.inventory().map(\.identity) == [new.identity])
    }

    @Test func aSelectionWithoutAutoUpdateKeepsItsFirstImage() async throws {
        let fixture = try OriginFixture()
        let old = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let new = try fixture.image("Linux/Ubuntu/Server@22.04.4", seed: 3, size: 1 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([old]) { [nginx.url($0.fileName)] }
        _ = try fixture.store.addSelection(try Selection(parsing: "Linux/Ubuntu/Server@22.04"), autoUpdate: false)
        #expect(try await fixture.runner().run().fetched.map(\.identity) == [old.identity])

        try fixture.writeManifest([old, new]) { [nginx.url($0.fileName)] }
        let report = try await fixture.runner().run(forceSync: true)
        #expect(report.fetched.isEmpty && report.deleted.isEmpty)
        #expect(try fixture.inventory().map(\.identity) == [old.identity])
    }

    @Test func staleManifestThatCannotBeRefreshedDeletesNothing() async throws {
        let fixture = try OriginFixture()
        let old = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1)
        let new = try fixture.image("Linux/Ubuntu/Server@22.04.4", seed: 3)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([old, new]) { [nginx.url($0.fileName)] }
        let selection = try fixture.select("Linux/Ubuntu/Server@22.04.3")
        #expect(try await fixture.runner().run().fetched.count == 1)

        // The rule now wants 22.04.4, but the manifest is two hours old and upstream is gone.
        try fixture.store.removeSelection(id: selection.id)
        try fixture.select("Linux/Ubuntu/Server@22.04.4")
        try FileManager.default.removeItem(atPath: fixture.manifestPath)
        let later = Date().addingTimeInterval(7200)
        let report = try await fixture.runner(synchronizer: fixture.synchronizer(now: { later })).run()
        #expect(report.manifest.failure?.code == .unreachable)
        #expect(!report.manifest.isCurrent)
        #expect(report.fetched.map(\.identity) == [new.identity])  // fetches only add
        #expect(report.deleted.isEmpty)
        #expect(report.kept.first { $0.identity == old.identity }?.reason.contains("not current") == true)
        #expect(FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(old))))
    }

    @Test func aSecondRunWhileOneRunsIsRefused() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 3 << 20)
        let nginx = try await fixture.nginx(limitRate: 1 << 20)
        try fixture.writeManifest([image]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let runner = fixture.runner()
        let events = runner.events()
        let first = Task { try await runner.run() }
        for await event in events {
            if case .transferProgress = event { break }
        }
        await #expect(throws: UpdateError.self) { try await runner.run() }
        do {
            _ = try await runner.run()
        } catch {
            #expect(error.code == .busy && error.message.contains("already in progress"))
        }
        // Another runner on the same data directory (another process, as far as it knows).
        do {
            _ = try await fixture.runner().run()
            Issue.record("a second runner on the same data directory was not refused")
        } catch {
            #expect(error.code == .busy && error.message.contains("update.lock"))
        }
        #expect(try await first.value.fetched.count == 1)
        #expect(await runner.state == .idle)
    }
}
