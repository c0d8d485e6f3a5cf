import Digest
import Foundation

/// The SHA-256 of one file computed on a thread of its own (`manifest build` hashes while the
/// torrent is built); ``wait()`` returns the result.
final class ManifestBackgroundDigest: @unchecked Sendable {
    // @unchecked: `result` is written once by the hashing thread before `done` is signalled and
    // read only after waiting on `done`.
    private var result: Result<String, FileDigestError>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts hashing `path`.
    init(path: String) {
        let thread = Thread { [self] in
            do throws(FileDigestError) { result = .success(try FileDigest.sha256(ofFileAt: path)) } catch {
                result = .failure(error)
            }
            done.signal()
        }
        thread.name = "isofleet-manifest-sha256"
        thread.start()
    }

    /// Blocks until the digest is known.
    func wait() -> Result<String, FileDigestError> {
        done.wait()
        done.signal()  // a second wait() returns at once
        return result!
    }
}
