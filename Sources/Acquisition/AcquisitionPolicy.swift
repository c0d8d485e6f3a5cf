public import ISOCatalog

/// Which acquirers an image is tried with, in order (design §1, §10): pure, tested without I/O.
///
/// - Swarm first when the image has a torrent or magnet and the fleet has peers: another node
///   probably holds it, and bytes from peers cost the origin nothing.
/// - Then the origin over HTTP: when there is no peer, no swarm source, or the swarm failed or
///   stalled (a swarm acquirer reports a stall as ``AcquisitionError/Code/stalled``).
/// - Then remote storage (S3, SMB, NFS, a mounted share), in the order the acquirers are given.
/// - Acquirers that cannot use the image's sources are left out.
public struct AcquisitionPolicy: Sendable, Hashable {
    /// The number of known fleet peers (`fleet.peers` and discovery).
    public var fleetPeerCount: Int

    public init(fleetPeerCount: Int) {
        self.fleetPeerCount = fleetPeerCount
    }

    /// True when `image` comes from the swarm first: it has a torrent or magnet and the fleet has peers.
    public func prefersSwarm(_ image: ManifestImage) -> Bool {
        fleetPeerCount > 0 && (image.sources.torrent != nil || image.sources.magnet != nil)
    }

    /// The acquirers to try for `image`, in order.
    public func order(for image: ManifestImage, among acquirers: [any ImageAcquirer]) -> [any ImageAcquirer] {
        let usable = acquirers.filter { $0.canAcquire(image) }
        let swarmFirst = prefersSwarm(image)
        let swarm = usable.filter { $0.kind == .swarm }
        let others = usable.filter { $0.kind != .swarm }
        // Without peers the swarm is still worth a try after the origin fails (trackers, magnets'
        // own peers), never before it.
        return swarmFirst ? swarm + others : others + swarm
    }
}
