public import Common
public import Fetch
import Foundation
public import ISOCatalog

/// Acquires an image from the origin's HTTP(S) mirrors (`sources.http`, in order) with the
/// node's fetcher: resume by range, retries, SHA-256 while receiving (see `docs/fetch.md`).
public struct HTTPAcquirer: ImageAcquirer {
    public let fetcher: ImageFetcher

    public init(fetcher: ImageFetcher = ImageFetcher()) {
        self.fetcher = fetcher
    }

    public var kind: AcquisitionKind { .http }

    public func canAcquire(_ image: ManifestImage) -> Bool {
        !Self.mirrors(of: image).isEmpty
    }

    public func acquire(
        _ image: ManifestImage, into destination: String,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> AcquiredImage {
        let mirrors = Self.mirrors(of: image)
        guard !mirrors.isEmpty else {
            throw AcquisitionError(.unsupported, "\(image.identity): the manifest gives no http(s) mirror")
        }
        return try await fetcher.acquire(image, from: mirrors, into: destination, over: "HTTP", progress: progress)
    }

    /// Removes a partial file another acquirer made unnecessary.
    public func discardLeftovers(for destination: String) {
        unlink(destination)
    }

    /// The http(s) URLs of `sources.http`, in order.
    static func mirrors(of image: ManifestImage) -> [URL] {
        image.sources.http.compactMap(URL.init(string:)).filter {
            ["http", "https"].contains($0.scheme?.lowercased() ?? "")
        }
    }

    public static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
