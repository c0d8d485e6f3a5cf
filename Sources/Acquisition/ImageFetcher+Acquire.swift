public import Common
public import Fetch
import Foundation
import ISOCatalog

extension ImageFetcher {
    /// Fetches `image` from `mirrors` (in order) into `destination` for an acquirer: progress as
    /// ``AcquisitionProgress`` (every byte counted as the origin's), the result as an
    /// ``AcquiredImage``, a failure as an ``AcquisitionError`` saying `over` which protocol.
    func acquire(
        _ image: ManifestImage, from mirrors: [URL], into destination: String, over: String,
        progress: @escaping @Sendable (AcquisitionProgress) -> Void
    ) async throws(AcquisitionError) -> AcquiredImage {
        let kept = HTTPAcquirer.size(of: destination)
        let request = FetchRequest(
            mirrors: mirrors, destination: destination, expectedSize: image.size, expectedSHA256: image.sha256)
        do {
            let result = try await fetch(request) { fetched in
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
            throw AcquisitionError(code, "\(image.identity) over \(over): \(error.description)", cause: error)
        }
    }
}
