import Acquisition
import ISOCatalog
import Testing

/// What `update --dry-run` names as a fetch's source: the first acquirer the run would try.
struct AcquisitionPolicyFirstSourceTests {
    static func image(_ sources: ImageSources) -> ManifestImage {
        ManifestImage(
            identity: ImageIdentity(family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "24")),
            sources: sources)
    }

    static let withTorrent = ImageSources(http: ["http://o/x.iso"], torrent: "http://o/x.torrent")

    @Test(arguments: [
        // No peers: the origin first, whatever the manifest prefers (the dry run used to say torrent).
        (withTorrent, 0, false, SourceKind.http),
        (withTorrent, 2, false, .torrent),
        (ImageSources(http: ["http://o/x.iso"], magnet: "magnet:?xt=urn:btih:00"), 1, false, .magnet),
        // A dry run without a swarm session, standing for a run with one (peers known).
        (withTorrent, 2, true, .torrent),
        (withTorrent, 0, true, .http),
        (ImageSources(torrent: "http://o/x.torrent"), 0, false, .torrent),
    ])
    func firstSource(sources: ImageSources, peers: Int, swarmExpected: Bool, expected: SourceKind) {
        let acquirers: [any ImageAcquirer] =
            swarmExpected
            ? [HTTPAcquirer()]
            : [
                HTTPAcquirer(),
                AcquisitionPolicyTests.Named(
                    kind: .swarm, usable: { $0.sources.torrent != nil || $0.sources.magnet != nil }),
            ]
        let first = AcquisitionPolicy(fleetPeerCount: peers).firstSource(
            for: Self.image(sources), among: acquirers, swarmExpected: swarmExpected)
        #expect(first == expected)
    }

    @Test func noUsableSourceIsNil() {
        let first = AcquisitionPolicy(fleetPeerCount: 1).firstSource(
            for: Self.image(ImageSources(s3: ["s3://b/k.iso"])), among: [HTTPAcquirer()])
        #expect(first == nil)
    }
}
