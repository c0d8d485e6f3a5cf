public import ISOCatalog

/// A way to bring an image's bytes into the incomplete area: the origin over HTTP
/// (``HTTPAcquirer``), the fleet swarm (``SwarmAcquirer``). A new kind of source (S3, SMB, NFS)
/// is a new acquirer here, added to `NodeSite.updateRunner(store:swarm:fleet:)`'s list (Node).
///
/// Contract: `acquire` writes only `destination` (resuming what is there), returns once the file is
/// whole and synced, and verifies what it can (the manifest's SHA-256; piece hashes for the swarm).
/// It never touches the repository: the ``UpdateRunner`` promotes the file. On failure it keeps
/// bytes worth resuming and removes bytes that are known bad.
public protocol ImageAcquirer: Sendable {
    /// The kind of source this acquirer reads.
    var kind: AcquisitionKind { get }

    /// True when `image` has a source this acquirer can use.
    func canAcquire(_ image: ManifestImage) -> Bool

    /// Brings `image` whole into `destination`.
    /// - Parameter progress: called from any thread, at most a few times a second.
    func acquire(
        _ image: ManifestImage, into destination: String,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> AcquiredImage

    /// Removes what ``acquire(_:into:progress:)`` left for `destination` (partial bytes, resume
    /// state), once the image was placed by any acquirer.
    func discardLeftovers(for destination: String)
}

extension ImageAcquirer {
    /// Nothing to remove.
    public func discardLeftovers(for destination: String) {}
}
