public import Common
public import Fetch
import Foundation
public import ISOCatalog

/// Acquires an image from the origin's HTTP(S) mirrors (`sources.http`, in order) with the
/// node's fetcher: resume by range, retries, SHA-256 while receiving (see `docs/fetch.md`).
public struct HTTPAcquirer: ImageAcquirer {
    public let fetcher: HTTPFetcher

    public init(fetcher: HTTPFetcher = HTTPFetcher()) {
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
        let kept = Self.size(of: destination)
        let request = FetchRequest(
            mirrors: mirrors, destination: destination, expectedSize: image.size, expectedSHA256: image.sha256)
        do {
            let result = try await fetcher.fetch(request) { fetched in
                progress(
                    AcquisitionProgress(
                        bytesDone: fetched.bytesDone, totalBytes: fetched.totalBytes ?? image.size,
                        bytesPerSecond: fetched.bytesPerSecond, bytesFromOrigin: max(0, fetched.bytesDone - kept),
                        bytesFromSwarm: 0, source: fetched.mirror.absoluteString))
            }
            return AcquiredImage(
                path: result.path, size: result.size, sha256: result.sha256, verified: result.verified,
                source: result.mirror?.absoluteString, bytesFromOrigin: result.bytesReceived, bytesFromSwarm: 0,
                resumedFromBytes: result.resumedFromBytes, notes: result.failures.map(\.message))
        } catch {
            let code: AcquisitionError.Code =
                switch error.code {
                case .cancelled: .cancelled
                case .io: .io
                case .invalidRequest: .unsupported
                default: .failed
                }
            throw AcquisitionError(code, "\(image.identity) over HTTP: \(error.description)", cause: error)
        }
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
