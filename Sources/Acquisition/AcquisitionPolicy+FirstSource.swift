public import ISOCatalog

extension AcquisitionPolicy {
    /// The source kind a run tries first for `image` among `acquirers` (the first of
    /// ``order(for:among:)``): `torrent` or `magnet` when the swarm comes first, `http` for the
    /// origin, `s3`, `smb`, `nfs` or `file` for remote storage; nil when no acquirer can use the image's sources. What `update --dry-run` names.
    /// - Parameter swarmExpected: the run will have a swarm acquirer that `acquirers` lacks (a
    ///   dry run starts no swarm session; the run it stands for does when the fleet has peers).
    public func firstSource(
        for image: ManifestImage, among acquirers: [any ImageAcquirer], swarmExpected: Bool = false
    ) -> SourceKind? {
        let swarm: SourceKind = image.sources.torrent != nil ? .torrent : .magnet
        if swarmExpected, prefersSwarm(image) { return swarm }
        guard let first = order(for: image, among: acquirers).first else { return nil }
        switch first.kind {
        case .swarm: return swarm
        case .http: return .http
        case .storage:
            let sources = image.sources
            return !sources.s3.isEmpty ? .s3 : !sources.smb.isEmpty ? .smb : !sources.nfs.isEmpty ? .nfs : .file
        }
    }
}
