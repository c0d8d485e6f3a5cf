import Digest
import Foundation
import TestSupport
import Testing

/// A fleet in network namespaces: a ``NetworkLab`` with an origin host running nginx (egress capped
/// with `tc tbf`) that serves one generated image, its `.torrent` (from `isofleet torrent create`)
/// and a manifest naming both (`sources.http`, `sources.torrent`); and `isofleet serve` nodes, each
/// in its own host. Everything is removed when the fixture is dropped.
final class FleetLabFixture {
    /// The image every node selects: `Linux/Ubuntu/Server@24.04.1`.
    static let selection = "Linux/Ubuntu/Server@latest"
    /// Its path in each node's repository (the default layout). The origin's file has the same base
    /// name, so the torrent built from it has the info-hash a node seeding its copy computes.
    static let layoutPath = "Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"
    static let fileName = "ubuntu.server-24.04.1.iso"

    let directory: TemporaryDirectory
    let lab: NetworkLab
    let originHost: LabHost
    let origin: NginxOrigin
    let imageSize: Int
    let imageSHA256: String
    private(set) var nodes: [FleetLabNode] = []

    /// The origin's image path in its access log.
    var imagePath: String { "/" + Self.fileName }

    /// How the manifest's `.torrent` is made.
    enum TorrentMaker: Sendable, CustomTestStringConvertible {
        /// `isofleet torrent create`, with the default piece size for the image's size or the given one.
        case isofleet(pieceSize: Int?)
        /// `mktorrent` (a third party's v1 torrent, with an announce URL nobody answers).
        case mktorrent(pieceSize: Int)

        var testDescription: String {
            switch self {
            case .isofleet(let pieceSize):
                "isofleet torrent create, piece size \(pieceSize.map(String.init) ?? "default")"
            case .mktorrent(let pieceSize): "mktorrent, piece size \(pieceSize)"
            }
        }
    }

    /// - Parameters:
    ///   - imageSize: bytes of the generated image.
    ///   - originRate: the origin's egress cap (tc rate, e.g. `64mbit`).
    ///   - torrent: how the manifest's `.torrent` is made.
    init(imageSize: Int, originRate: String, torrent: TorrentMaker = .isofleet(pieceSize: nil)) async throws {
        directory = try TemporaryDirectory(prefix: "fleetlab")
        lab = try NetworkLab(logDirectory: directory.path)
        originHost = try lab.addHost()
        try lab.shapeEgress(of: originHost, rate: originRate)

        let root = directory.appending("origin")
        let image = try ImageGenerator.write(to: root + "/" + Self.fileName, seed: 66, size: imageSize)
        self.imageSize = imageSize
        imageSHA256 = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: image)))
        let emptyConfig = directory.appending("empty.conf")
        _ = FileManager.default.createFile(atPath: emptyConfig, contents: nil)
        let create: CommandResult
        switch torrent {
        case .isofleet(let pieceSize):
            create = try CommandResult.run(
                BuiltProducts.isofleet,
                ["torrent", "create", image, "--output", image + ".torrent", "--config", emptyConfig]
                    + (pieceSize.map { ["--piece-size", String($0)] } ?? []),
                workingDirectory: directory.path)
        case .mktorrent(let pieceSize):
            create = try CommandResult.run(
                "mktorrent",
                [
                    "-l", String(pieceSize.trailingZeroBitCount), "-a", "http://\(originHost.address):6969/announce",
                    "-o", image + ".torrent", image,
                ],
                workingDirectory: directory.path)
        }
        guard create.status == 0 else {
            throw ChildProcessError(
                "making the torrent (\(torrent.testDescription)) exited \(create.status): \(create.stderr)")
        }
        origin = try await NginxOrigin.start(
            in: lab, host: originHost, root: root, directory: directory.appending("nginx"))
        try manifest().write(to: URL(fileURLWithPath: root + "/manifest.json"))
    }

    /// `isofleet-manifest/1` with the image's sha256, size, HTTP URL and torrent URL on the origin.
    private func manifest() throws -> Data {
        let image: [String: Any] = [
            "family": "Linux", "name": "Ubuntu", "flavor": "Server",
            "version": ["major": "24", "minor": "04", "patch": "1"],
            "file_name": Self.fileName, "size": imageSize, "sha256": imageSHA256,
            "sources": [
                "http": [origin.url(Self.fileName).absoluteString],
                "torrent": origin.url(Self.fileName + ".torrent").absoluteString,
            ],
        ]
        return try JSONSerialization.data(withJSONObject: ["format": "isofleet-manifest/1", "images": [image]])
    }

    /// Adds `count` nodes (not started), each listing every other node of the batch, `extraPeers`
    /// and `extraAddresses` (`host:port` of other BitTorrent clients) as its static fleet peers.
    @discardableResult
    func addNodes(_ count: Int, extraPeers: [FleetLabNode] = [], extraAddresses: [String] = []) throws -> [FleetLabNode]
    {
        let hosts = try (0..<count).map { _ in try lab.addHost() }
        let batch = try hosts.map { host in
            let peers =
                (hosts.filter { $0 != host }.map { "\($0.address):\(FleetLabNode.swarmPort)" })
                + extraPeers.map(\.swarmAddress) + extraAddresses
            return try FleetLabNode(
                lab: lab, host: host, directory: directory.appending("node\(host.index)"),
                manifestURL: origin.url("manifest.json"), peers: peers, selection: Self.selection)
        }
        nodes += batch
        return batch
    }

    /// Waits until every node in `nodes` holds the verified image (its inventory lists it with the
    /// manifest's sha256), reporting the nodes' logs on timeout.
    func waitUntilHeld(by nodes: [FleetLabNode], timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !nodes.allSatisfy({ $0.holds(Self.layoutPath, sha256: imageSHA256) }) {
            guard ContinuousClock.now < deadline else {
                let missing = nodes.filter { !$0.holds(Self.layoutPath, sha256: imageSHA256) }
                throw ChildProcessError(
                    "after \(timeout), \(missing.map(\.name)) still lack the image; their logs:\n"
                        + missing.map { "--- \($0.name)\n\($0.log().suffix(3000))" }.joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Takes the origin's link down (`up: false`) or back up: connections in flight stall, new
    /// ones time out, as when an origin or its network fails.
    func setOriginLink(up: Bool) throws {
        let result = try CommandResult.run(
            "ip", ["-n", originHost.namespace, "link", "set", "eth0", up ? "up" : "down"])
        guard result.status == 0 else { throw ChildProcessError("origin link \(up ? "up" : "down"): \(result.stderr)") }
    }

    /// The path of the image file at the origin (what the manifest describes).
    var originImagePath: String { directory.appending("origin/" + Self.fileName) }

    /// The path of the manifest's `.torrent` at the origin.
    var originTorrentPath: String { originImagePath + ".torrent" }

    /// Image body bytes the origin sent, over all clients.
    var imageBytesServed: Int64 { origin.bodyBytesServed(for: imagePath) }

    /// Image body bytes the origin sent to `node`.
    func imageBytesServed(to node: FleetLabNode) -> Int64 {
        origin.bodyBytesServed(for: imagePath, to: node.host.address)
    }

    /// Kills the nodes and removes the lab (also done on deinit).
    deinit { lab.tearDown() }
}
