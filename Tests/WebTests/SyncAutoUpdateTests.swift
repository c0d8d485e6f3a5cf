import Foundation
import NodeFixtures
import TestSupport
import Testing

/// Issue 13, item 1 (the sync loop's part): a pull forced through the API that brings a new
/// manifest starts the auto-update run a timed pull starts.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SyncAutoUpdateTests {
    @Test func aForcedSyncWithANewManifestStartsTheAutoUpdateRun() async throws {
        let fixture = try await OperatorNode()
        try await fixture.start()
        defer { withExtendedLifetime(fixture) {} }
        #expect(
            try fixture.post("/api/v1/selections", json: #"{"selection": "Linux/Fedora/Server@latest"}"#) != nil)
        #expect(try fixture.object("/api/v1/update")["last"] == nil, "saving a selection starts no run")

        let fedora = try fixture.origin.image("Linux/Fedora/Server@40.1", seed: 71, size: 8192)
        let nginx = fixture.nginx
        try fixture.origin.writeManifest(fixture.images + [fedora]) { [nginx.url("origin/" + $0.fileName)] }
        let synced = try #require(try fixture.post("/api/v1/sync?force=1"))
        #expect(synced.contains("\"outcome\" : \"fetched\""))

        let last = try await Poll.until(timeout: .seconds(30), "the auto-update run to end") { () -> [String: Any]? in
            (try? fixture.object("/api/v1/update"))?["last"] as? [String: Any]
        }
        #expect(last["outcome"] as? String == "succeeded")
        #expect((last["fetched"] as? [String]) == ["Linux/Fedora - Server/fedora.server-40.1.iso"])
        try await fixture.stop()
    }
}
