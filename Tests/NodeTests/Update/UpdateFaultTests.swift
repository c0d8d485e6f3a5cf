import Digest
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Update runs meeting bad mirrors, leftovers of killed runs and files the store does not know.
@Suite(.timeLimit(.minutes(1)))
struct UpdateFaultTests {
    @Test func checksumMismatchOnTheFirstMirrorFallsBackToTheSecond() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 2 << 20)
        let faults = try await fixture.faultServer()
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image]) { [faults.url("corrupt/\($0.fileName)"), nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let destination = fixture.repositoryFile(try fixture.layoutPath(image))

        let runner = fixture.runner()
        let watcher = Task {
            // While bytes arrive, nothing sits at the layout path.
            var sawProgress = false
            for await event in runner.events() {
                switch event {
                case .transferProgress:
                    sawProgress = true
                    if FileManager.default.fileExists(atPath: destination) { return (sawProgress, false) }
                case .finished: return (sawProgress, true)
                default: continue
                }
            }
            return (sawProgress, true)
        }
        try await Task.sleep(for: .milliseconds(20))
        let report = try await runner.run()
        let (sawProgress, neverAtLayoutPath) = await watcher.value
        #expect(sawProgress && neverAtLayoutPath)
        let fetched = try #require(report.fetched.first)
        #expect(report.failed.isEmpty)
        #expect(fetched.source == nginx.url(image.fileName).absoluteString)
        #expect(fetched.notes.contains { $0.contains("corrupt/\(image.fileName)") && $0.contains("SHA-256") })
        #expect(SHA256.hex(of: try #require(FileManager.default.contents(atPath: destination))) == image.sha256)
        #expect(faults.requests().contains { $0.path.hasPrefix("/corrupt/") && $0.status == 200 })
    }

    @Test func onlyABadMirrorFailsTheFetchAndPlacesNothing() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let other = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 1 << 20)
        let faults = try await fixture.faultServer()
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image, other]) { image in
            image.identity.name == "Ubuntu" ? [faults.url("corrupt/\(image.fileName)")] : [nginx.url(image.fileName)]
        }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        try fixture.select("Linux/Debian/Netinst@latest")

        let report = try await fixture.runner().run()
        #expect(report.fetched.map(\.identity) == [other.identity])  // the other fetch still completes
        let failed = try #require(report.failed.first)
        #expect(failed.identity == image.identity && failed.reason.contains("SHA-256"))
        #expect(!FileManager.default.fileExists(atPath: fixture.repositoryFile(try fixture.layoutPath(image))))
        #expect(try fixture.store.image(identity: image.identity) == nil)
        #expect(try fixture.inventory().map(\.identity) == [other.identity])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete).isEmpty)
        let transfer = try #require(try fixture.store.transfers().first)
        #expect(transfer.state == .failed && transfer.identity == image.identity && transfer.error == failed.reason)
    }

    @Test func cancelledRunKeepsItsBytesAndTheNextRunResumes() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4 << 20)
        let slow = try await fixture.nginx(limitRate: 1 << 20)
        try fixture.writeManifest([image]) { [slow.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let runner = fixture.runner()
        let events = runner.events()
        let task = Task { try await runner.run() }
        for await event in events {
            if case .transferProgress(let status) = event, status.bytesDone >= 1 << 20 { break }
        }
        task.cancel()
        let cancelled = try await task.value
        #expect(cancelled.fetched.isEmpty && cancelled.failed.first?.reason.contains("cancelled") == true)
        let destination = fixture.repositoryFile(try fixture.layoutPath(image))
        #expect(!FileManager.default.fileExists(atPath: destination))
        let partial = try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.incomplete)
        #expect(partial.count == 1)
        let kept = try #require(
            FileManager.default.contents(atPath: fixture.dataDirectory.incomplete + "/" + partial[0])
        ).count
        #expect(kept > 0 && kept < image.data.count)

        let fast = try await fixture.nginx()
        try fixture.writeManifest([image]) { [fast.url($0.fileName)] }
        let report = try await fixture.runner().run(forceSync: true)
        #expect(report.fetched.first?.resumedFromBytes == Int64(kept))
        #expect(fast.requests().map(\.rangeStart) == [Int64(kept)])
        #expect(SHA256.hex(of: try #require(FileManager.default.contents(atPath: destination))) == image.sha256)
    }

    @Test func transfersLeftRunningByADeadProcessArePaused() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1024)
        try fixture.writeManifest([image]) { [URL(string: "http://127.0.0.1:1/\($0.fileName)")!] }
        try fixture.store.upsertTransfer(
            Transfer(
                identity: image.identity, path: "Linux/Other/x.iso", source: "http", bytesDone: 10, state: .running))
        let report = try await fixture.runner().run()
        #expect(report.fetched.isEmpty && report.failed.isEmpty)
        let transfer = try #require(try fixture.store.transfers().first)
        #expect(transfer.state == .paused && transfer.error?.contains("interrupted") == true)
    }

    @Test func aMatchingFileAtTheLayoutPathIsAdoptedAndADifferentOneLeftAlone() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let other = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 1 << 20)
        let nginx = try await fixture.nginx()
        try fixture.writeManifest([image, other]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        try fixture.select("Linux/Debian/Netinst@12")
        // As if a run had been killed between placing and recording the first, and a stranger
        // had put something else where the second goes.
        try ImageGenerator.write(to: fixture.repositoryFile(try fixture.layoutPath(image)), seed: 1, size: 1 << 20)
        let stranger = fixture.repositoryFile(try fixture.layoutPath(other))
        try ImageGenerator.write(to: stranger, seed: 99, size: 1000)

        let report = try await fixture.runner().run()
        #expect(report.fetched.map(\.identity) == [image.identity])
        #expect(report.fetched.first?.notes.contains { $0.contains("adopted") } == true)
        #expect(report.failed.map(\.identity) == [other.identity])
        #expect(report.failed.first?.reason.contains("not overwritten") == true)
        #expect(FileManager.default.contents(atPath: stranger) == ImageGenerator.bytes(seed: 99, size: 1000))
        #expect(nginx.requests().isEmpty)
        #expect(try fixture.inventory().map(\.identity) == [image.identity])
    }
}
