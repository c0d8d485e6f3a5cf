public import Common
public import Fetch
import Foundation
public import ISOCatalog

/// Acquires an image from remote storage: the manifest's `sources.s3`, `sources.smb`,
/// `sources.nfs` and `sources.file`, in that order, with the node's fetcher (resume, retries,
/// SHA-256 while receiving; see `docs/storage.md`).
///
/// `file://` sources read the node's own file system, so they are used only below
/// ``allowedFileRoots`` (the configured `import.roots` and `file://` mirrors): a manifest from
/// elsewhere cannot make the node copy arbitrary local files into its repository.
public struct StorageAcquirer: ImageAcquirer {
    public let fetcher: ImageFetcher
    /// Folders (absolute, ending with `/`) that `file://` sources may lie in.
    public let allowedFileRoots: [String]

    public init(fetcher: ImageFetcher, allowedFileRoots: [String] = []) {
        self.fetcher = fetcher
        self.allowedFileRoots = allowedFileRoots.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    public var kind: AcquisitionKind { .storage }

    public func canAcquire(_ image: ManifestImage) -> Bool {
        !mirrors(of: image).isEmpty
    }

    public func acquire(
        _ image: ManifestImage, into destination: String,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> AcquiredImage {
        let mirrors = mirrors(of: image)
        guard !mirrors.isEmpty else {
            let refused = image.sources.file.isEmpty ? "" : " (file:// sources outside import.roots are not used)"
            throw AcquisitionError(
                .unsupported, "\(image.identity): the manifest gives no s3, smb, nfs or file location\(refused)")
        }
        return try await fetcher.acquire(
            image, from: mirrors, into: destination, over: "remote storage", progress: progress)
    }

    /// Removes a partial file another acquirer made unnecessary.
    public func discardLeftovers(for destination: String) {
        unlink(destination)
    }

    /// The usable storage locations of `image`, in order: each parses as a ``RemoteLocation``,
    /// and a `file://` one lies below an allowed root.
    func mirrors(of image: ManifestImage) -> [URL] {
        image.sources.storage.compactMap { text -> URL? in
            guard let location = RemoteLocation(text), !location.isFolder else { return nil }
            if location.scheme == .file {
                let path = URL(fileURLWithPath: location.path).standardizedFileURL.path
                guard allowedFileRoots.contains(where: { path.hasPrefix($0) }) else { return nil }
            }
            return location.url
        }
    }
}
