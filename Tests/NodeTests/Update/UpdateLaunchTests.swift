import Common
import Foundation
import ISOCatalog
import Node
import NodeFixtures
import TestSupport
import Testing

/// `launch` for the daemon: returns at once, refuses a second, ends in `lastOutcome`.
@Suite(.timeLimit(.minutes(1)))
struct UpdateLaunchTests {
    @Test func launchedRunEndsInLastOutcome() async throws {
        let fixture = try OriginFixture()
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let nginx = try await fixture.nginx(limitRate: 1 << 20)
        try fixture.writeManifest([image]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        let runner = fixture.runner()
        let events = runner.events()
        let description = try await runner.launch()
        #expect(description.hasPrefix("update run started"))
        await #expect(throws: UpdateError.self) { try await runner.launch() }
        for await event in events {
            if case .finished = event { break }
        }
        // `finished` is published just before the run releases itself.
        let deadline = ContinuousClock.now + .seconds(5)
        while await runner.state != .idle, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let outcome = try #require(await runner.lastOutcome)
        #expect(try outcome.get().fetched.map(\.identity) == [image.identity])
        #expect(await runner.state == .idle)
    }

    @Test func runWithoutAnyManifestFailsAndSaysWhy() async throws {
        let fixture = try OriginFixture()
        let runner = fixture.runner()
        let events = runner.events()
        await #expect(throws: UpdateError.self) { try await runner.run() }
        for await event in events {
            if case .runFailed(let error) = event {
                #expect(error.code == .noManifest && error.manifestFailure?.code == .unreachable)
                break
            }
        }
        if case .failure(let error) = await runner.lastOutcome {
            #expect(error.message.contains(fixture.manifestURL))
        } else {
            Issue.record("lastOutcome is not the failure")
        }
    }
}
