import Foundation
import TestSupport
import Testing

/// Issue 12, item 5: `GET /api/v1/storage` and the page's storage section on a real daemon whose
/// `storage.mirrors` names a `file://` folder: the daemon syncs it at start and once its startup
/// scan found the images, and both say the mirror is in sync.
@Suite(.timeLimit(.minutes(1)))
struct StorageAPITests {
    @Test func theDaemonSyncsItsMirrorAndTheAPIAndThePageSayItIsInSync() async throws {
        let node = try LiveNode()
        let mirror = node.directory.appending("mirror")
        try FileManager.default.createDirectory(atPath: mirror, withIntermediateDirectories: true)
        let unmounted = "file://" + node.directory.appending("not-mounted/isos") + "/"
        node.settings["ISOFLEET_STORAGE_MIRRORS"] = "file://\(mirror)/,\(unmounted)"
        try await node.start()
        defer { withExtendedLifetime(node) {} }

        let synced = try await Poll.until(timeout: .seconds(20), "the mirror in sync with both images") {
            () -> [String: Any]? in
            guard let body = try? node.curl("/api/v1/storage"),
                let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let mirrors = json["mirrors"] as? [[String: Any]], let first = mirrors.first,
                first["state"] as? String == "in_sync", first["held"] as? Int == 2
            else { return nil }
            return first
        }
        #expect(synced["url"] as? String == "file://\(mirror)/")
        #expect(synced["behind"] as? Int == 0)
        #expect(synced["last_sync"] is String)
        #expect((synced["failures"] as? [Any])?.isEmpty == true)
        for path in [
            "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", "Linux/Debian - Netinst/debian.netinst-12.5.0.iso",
        ] {
            #expect(
                FileManager.default.contents(atPath: mirror + "/" + path)
                    == FileManager.default.contents(atPath: node.dataDirectory + "/repo/" + path), "\(path)")
        }
        let inventory = try String(contentsOfFile: mirror + "/inventory.json", encoding: .utf8)
        #expect(inventory == (try String(contentsOfFile: node.dataDirectory + "/inventory.json", encoding: .utf8)))

        let failing = try await Poll.until(timeout: .seconds(20), "the unmounted mirror failing") {
            () -> [String: Any]? in
            guard let body = try? node.curl("/api/v1/storage"),
                let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let mirrors = json["mirrors"] as? [[String: Any]], mirrors.count == 2,
                mirrors[1]["state"] as? String == "failing"
            else { return nil }
            return mirrors[1]
        }
        #expect(failing["url"] as? String == unmounted)
        #expect((failing["reason"] as? String)?.contains("is the share mounted?") == true, "\(failing)")
        #expect(!FileManager.default.fileExists(atPath: node.directory.appending("not-mounted")))

        let run = try await PageDriver.run(
            [
                .open(node.url + "/"), .waitFor("#storage tr.mirror[data-state=\"in_sync\"]"),
                .waitFor("#storage tr.mirror[data-state=\"failing\"]"), .waitForText("is the share mounted?"),
                .screenshot("storage-mirrors"),
            ], artifacts: "storage-mirrors")
        #expect(run.dom.contains("file://\(mirror)/"))
        #expect(run.dom.contains("2 images"), "the in-sync mirror says what it holds")
    }
}
