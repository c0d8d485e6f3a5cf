import Acquisition
import Common
import ISOCatalog
import Node
import Testing

/// The acquisition policy: swarm first only with a swarm source and fleet peers.
struct AcquisitionPolicyTests {
    /// An acquirer that only answers the policy's questions (the policy never calls `acquire`).
    struct Named: ImageAcquirer {
        let kind: AcquisitionKind
        let usable: @Sendable (ManifestImage) -> Bool
        func canAcquire(_ image: ManifestImage) -> Bool { usable(image) }
        func acquire(
            _ image: ManifestImage, into destination: String,
            progress: @escaping @Sendable (AcquisitionProgress) -> Void
        ) async throws(AcquisitionError) -> AcquiredImage {
            throw AcquisitionError(.unsupported, "not used")
        }
    }

    static let identity = ImageIdentity(
        family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "24"))
    static let acquirers: [any ImageAcquirer] = [
        HTTPAcquirer(), Named(kind: .swarm, usable: { $0.sources.torrent != nil || $0.sources.magnet != nil }),
    ]

    @Test(arguments: [
        (ImageSources(http: ["http://o/x.iso"], torrent: "http://o/x.torrent"), 2, [AcquisitionKind.swarm, .http]),
        (ImageSources(http: ["http://o/x.iso"], magnet: "magnet:?xt=urn:btih:00"), 1, [.swarm, .http]),
        (ImageSources(http: ["http://o/x.iso"], torrent: "http://o/x.torrent"), 0, [.http, .swarm]),
        (ImageSources(http: ["http://o/x.iso"]), 3, [.http]),
        (ImageSources(torrent: "http://o/x.torrent"), 0, [.swarm]),
        (ImageSources(s3: ["s3://b/k.iso"]), 3, []),
    ])
    func order(sources: ImageSources, peers: Int, expected: [AcquisitionKind]) {
        let image = ManifestImage(identity: Self.identity, sources: sources)
        let order = AcquisitionPolicy(fleetPeerCount: peers).order(for: image, among: Self.acquirers)
        #expect(order.map(\.kind) == expected)
    }
}
