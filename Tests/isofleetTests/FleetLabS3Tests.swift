import Digest
import Foundation
import TestSupport
import Testing

/// A fleet whose only origin is an S3 bucket: moto_server in the origin's namespace (egress capped
/// like the nginx origin of ``FleetLabTests``) holds the image, its `.torrent` and the manifest,
/// which names them as `s3://` URLs (`manifest.url = s3://…`, `sources.s3`, `sources.torrent`).
/// Four nodes converge on the verified image, and the bucket sends about one image's worth of
/// bytes: origin pieces read the bucket by byte range, as they read an HTTP origin.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct FleetLabS3Tests {
    static let bucket = "fleet-origin"
    static let port: UInt16 = 9000

    @Test func fourNodesConvergeFromABucketWithOriginBytesNearOneImage() async throws {
        let directory = try TemporaryDirectory(prefix: "fleetlab-s3")
        let lab = try NetworkLab(logDirectory: directory.path)
        defer { lab.tearDown() }
        let originHost = try lab.addHost()
        try lab.shapeEgress(of: originHost, rate: FleetLabTests.originRate)
        let imageSize = FleetLabTests.imageSize

        // The image and its torrent, made as an origin operator would.
        let root = directory.appending("origin")
        let image = try ImageGenerator.write(to: root + "/" + FleetLabFixture.fileName, seed: 67, size: imageSize)
        let sha256 = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: image)))
        let emptyConfig = directory.appending("empty.conf")
        _ = FileManager.default.createFile(atPath: emptyConfig, contents: nil)
        let torrent = try CommandResult.run(
            BuiltProducts.isofleet,
            ["torrent", "create", image, "--output", image + ".torrent", "--config", emptyConfig],
            workingDirectory: directory.path)
        try #require(torrent.status == 0, "\(torrent.stderr)")

        // The bucket (moto without signature checks: any key signs).
        let moto = try lab.run(
            in: originHost, "moto_server", ["-H", originHost.address, "-p", String(Self.port)],
            workingDirectory: directory.path)
        defer { withExtendedLifetime(moto) {} }
        try await lab.waitUntilListening(originHost, port: Self.port, timeout: .seconds(60))
        let endpoint = "http://\(originHost.address):\(Self.port)"
        try put(nil, at: "\(endpoint)/\(Self.bucket)", lab: lab, host: originHost)
        let key = FleetLabFixture.fileName
        try put(image, at: "\(endpoint)/\(Self.bucket)/\(key)", lab: lab, host: originHost)
        try put(image + ".torrent", at: "\(endpoint)/\(Self.bucket)/\(key).torrent", lab: lab, host: originHost)
        let manifest: [String: Any] = [
            "format": "isofleet-manifest/1",
            "images": [
                [
                    "family": "Linux", "name": "Ubuntu", "flavor": "Server",
                    "version": ["major": "24", "minor": "04", "patch": "1"], "file_name": key, "size": imageSize,
                    "sha256": sha256,
                    "sources": ["s3": ["s3://\(Self.bucket)/\(key)"], "torrent": "s3://\(Self.bucket)/\(key).torrent"],
                ]
            ],
        ]
        let manifestPath = directory.appending("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        try put(manifestPath, at: "\(endpoint)/\(Self.bucket)/manifest.json", lab: lab, host: originHost)
        let sentBefore = try transmittedBytes(lab: lab, host: originHost)

        let hosts = try (0..<4).map { _ in try lab.addHost() }
        let nodes = try hosts.map { host in
            try FleetLabNode(
                lab: lab, host: host, directory: directory.appending("node\(host.index)"),
                manifestURL: URL(string: "s3://\(Self.bucket)/manifest.json")!,
                peers: hosts.filter { $0 != host }.map { "\($0.address):\(FleetLabNode.swarmPort)" },
                selection: FleetLabFixture.selection,
                extraConfiguration: "s3.endpoint = \(endpoint)\naws.imds_endpoint = http://127.0.0.1:9",
                extraEnvironment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secretEXAMPLE"])
        }
        for node in nodes { try await node.start() }
        let deadline = ContinuousClock.now + FleetLabTests.convergeTimeout
        while !nodes.allSatisfy({ $0.holds(FleetLabFixture.layoutPath, sha256: sha256) }) {
            guard ContinuousClock.now < deadline else {
                let missing = nodes.filter { !$0.holds(FleetLabFixture.layoutPath, sha256: sha256) }
                let logs = missing.map { "--- \($0.name)\n\(String($0.log().suffix(3000)))" }.joined(separator: "\n")
                Issue.record("nodes without the image: \(missing.map(\.name)); logs:\n\(logs)")
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }

        for node in nodes {
            #expect(node.fileSHA256(FleetLabFixture.layoutPath) == sha256, "\(node.name)")
        }
        // Everything the bucket's link sent since the nodes started: the manifest and torrent four
        // times, request overheads, and the image bytes. Same bound as the HTTP origin's.
        let sent = try transmittedBytes(lab: lab, host: originHost) - sentBefore
        let ratio = Double(sent) / Double(imageSize)
        print(
            "fleet lab (S3 origin): 4 nodes converged; the bucket's link sent \(String(format: "%.2f", ratio))x the image"
        )
        #expect(sent >= Int64(imageSize))
        #expect(ratio <= 1.75, "the bucket sent \(ratio)x the image to 4 nodes")
        for node in nodes { #expect(try await node.stop() == 0, "\(node.name): \(node.log().suffix(2000))") }
    }

    /// PUTs `file` (or creates a bucket when nil) with curl inside the origin's namespace.
    private func put(_ file: String?, at url: String, lab: NetworkLab, host: LabHost) throws {
        var arguments = ["-sS", "-f", "-X", "PUT", url, "-H", "Content-Type: application/octet-stream"]
        if let file { arguments += ["-T", file] }
        let result = try lab.execute(in: host, "curl", arguments)
        guard result.status == 0 else { throw ChildProcessError("PUT \(url): \(result.stderr)") }
    }

    /// Bytes the host's link has sent (its eth0 counter).
    private func transmittedBytes(lab: NetworkLab, host: LabHost) throws -> Int64 {
        let result = try lab.execute(in: host, "cat", ["/sys/class/net/eth0/statistics/tx_bytes"])
        guard let bytes = Int64(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ChildProcessError("no tx_bytes for \(host.namespace): \(result.stderr)")
        }
        return bytes
    }
}
