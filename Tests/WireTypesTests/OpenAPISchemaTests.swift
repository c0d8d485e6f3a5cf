import Foundation
import ISOCatalog
import TestSupport
import Testing
import WireTypes

/// Every wire type, encoded as the API answers it, is valid against its schema in
/// `docs/openapi.yaml` (checked by the same validator the document test uses), so the Swift
/// definitions and the published contract cannot drift apart unnoticed.
struct OpenAPISchemaTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path

    static let added = Date(timeIntervalSince1970: 1_733_000_000)

    static let image = ImageJSON(
        identity: ImageIdentity(
            family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "24", minor: "04", patch: "1"),
            arch: "amd64"),
        id: 7, path: "Linux/Ubuntu - Server/ubuntu.server-24.04.1.amd64.iso", size: 2_048,
        sha256: String(repeating: "a", count: 64),
        displayName: "Ubuntu 24.04.1", source: "manifest", state: "present", added: added,
        url: "http://node-a:8080/files/x.iso",
        seeding: SeedingFigures(infoHash: String(repeating: "b", count: 40), uploadedBytes: 10, uploadRate: 2, peers: 1)
    )

    static let bareImage = ImageJSON(
        identity: ImageIdentity(
            family: "Windows", name: "Server", flavor: "Datacenter", version: Version(major: "2022")),
        id: 8, path: "Windows/Server.iso", size: 1, sha256: nil, displayName: nil, source: "scan", state: "missing",
        added: added)

    /// `(schema name, the value encoded)`, one per wire type the API answers with.
    static func samples() throws -> [(String, Data)] {
        func encoded(_ value: some Encodable) throws -> Data { try WireJSON.encoder.encode(value) }
        var addition = AdditionStatus(
            id: 3, source: "magnet:?xt=urn:btih:00", via: "swarm", name: "x.iso", started: added)
        addition.totalBytes = 100
        let fleet = FleetJSON(
            selfAddress: "10.0.0.1:6881", checked: added,
            peers: [
                FleetPeerJSON(
                    peer: "10.0.0.2:6881", webURL: "http://10.0.0.2:8080", reachable: true, images: [image, bareImage]),
                FleetPeerJSON(
                    peer: "10.0.0.3:6881", webURL: "http://10.0.0.3:8080", reachable: false, error: "timeout"),
            ])
        let status = NodeStatus(
            dataDirectory: "/var/lib/isofleet", repository: "/srv/iso",
            images: .init(held: 1, missing: 1, bytes: 2_048, withoutChecksum: 0, bySource: ["manifest": 1]),
            selections: .init(total: 1, autoUpdate: 1),
            manifest: .init(
                url: "https://origin/manifest.json", fetchedAt: "2026-12-01T10:00:00Z", lastAttempt: nil,
                lastError: nil,
                images: 3, interval: "6h"),
            transfers: ["running": 0])
        let mirrors = [
            MirrorJSON(url: "file:///mnt/efs/isos/", state: .inSync, held: 2, lastSync: added, lastAttempt: added),
            MirrorJSON(
                url: "s3://fleet-isos/mirror/", state: .failing, behind: 1, held: 1, lastAttempt: added,
                failures: [MirrorFailureJSON(path: "Linux/x.iso", reason: "No space left on device")]),
            MirrorJSON(
                url: "nfs://filer/export/", state: .leased, leasedBy: "ip-10-0-0-5:/var/lib/isofleet",
                leasedUntil: added),
            MirrorJSON(
                url: "smb://filer/isos/", state: .syncing, behind: 1,
                progress: MirrorProgressJSON(
                    uploadsDone: 0, uploadsTotal: 1, path: "Linux/x.iso", bytesDone: 5, bytesTotal: 10)),
        ]
        return [
            ("Image", try encoded(image)), ("Image", try encoded(bareImage)),
            (
                "Selection",
                try encoded(
                    SelectionJSON(
                        id: 1, selection: "Linux/Ubuntu/Server@24", arch: nil, keep: 2,
                        autoUpdate: true, created: added, change: "added"))
            ),
            ("SelectionRequest", try encoded(SelectionRequest(selection: "Linux/Ubuntu/Server@latest", keep: 1))),
            ("Settings", try encoded(SettingsJSON(manifestInterval: "6h"))),
            ("Addition", try encoded(addition)),
            ("Fleet", try encoded(fleet)),
            ("Storage", try encoded(StorageJSON(mirrors: mirrors))),
            ("NodeStatus", try encoded(status)),
            (
                "SyncReport",
                try encoded(
                    ManifestSyncReport(
                        outcome: "fetched", url: "https://origin/manifest.json", images: 3, fetchedAt: added,
                        current: true,
                        error: nil))
            ),
        ]
    }

    @Test func everyWireTypeMatchesItsSchema() throws {
        let samples = try Self.samples()
        let input = try JSONSerialization.data(
            withJSONObject: samples.map { name, data in
                ["schema": name, "instance": try JSONSerialization.jsonObject(with: data)]
            })
        let directory = try TemporaryDirectory(prefix: "wire")
        let inputPath = directory.appending("samples.json")
        try input.write(to: URL(fileURLWithPath: inputPath))
        let script = """
            import json, sys, yaml
            from openapi_schema_validator import OAS30Validator
            document = yaml.safe_load(open(sys.argv[1]))
            failures = []
            for sample in json.load(open(sys.argv[2])):
                schema = {"$ref": "#/components/schemas/" + sample["schema"], "components": document["components"]}
                for error in OAS30Validator(schema).iter_errors(sample["instance"]):
                    failures.append(sample["schema"] + ": " + "/".join(map(str, error.absolute_path)) + ": " + error.message)
            print("\\n".join(failures))
            sys.exit(1 if failures else 0)
            """
        let result = try CommandResult.run("python3", ["-c", script, Self.document, inputPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func aSchemaViolationIsCaught() throws {
        // The check above is only worth something if a wrong document fails it.
        var image = Self.image
        image.state = "gone"
        let data = try WireJSON.encoder.encode(image)
        let script = """
            import json, sys, yaml
            from openapi_schema_validator import OAS30Validator
            document = yaml.safe_load(open(sys.argv[1]))
            schema = {"$ref": "#/components/schemas/Image", "components": document["components"]}
            sys.exit(0 if list(OAS30Validator(schema).iter_errors(json.loads(sys.argv[2]))) else 1)
            """
        let result = try CommandResult.run(
            "python3", ["-c", script, Self.document, String(decoding: data, as: UTF8.self)])
        #expect(result.status == 0, "a state outside the schema's enum was not refused: \(result.stderr)")
    }

    @Test func anImageRoundTripsThroughItsWireForm() throws {
        var image = Self.image
        image.extra = ["outcome": .text("copied"), "file_deleted": .flag(true)]
        let decoded = try WireJSON.decoder.decode(ImageJSON.self, from: WireJSON.encoder.encode(image))
        #expect(decoded == image)
    }
}
