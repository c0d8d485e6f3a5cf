import Foundation

/// The bookkeeping of one ``ImageFetcher/fetch(_:progress:)`` call across its attempts.
struct FetchRun {
    let request: FetchRequest
    let writer: HashingFileWriter
    /// Bytes of the earlier incomplete file still kept (0 once the file restarts from zero).
    var keptPrefix: Int64 = 0
    var bytesReceived: Int64 = 0
    var attempts = 0
    var continued = false
    var failures: [FetchError] = []
    /// Where the file stood when the current mirror first wrote to it.
    var firstOffsetFromThisMirror: Int64 = 0
    private var lastMirror: URL?

    init(request: FetchRequest, writer: HashingFileWriter) {
        self.request = request
        self.writer = writer
    }

    mutating func record(_ outcome: TransferAttempt.Outcome, from mirror: URL) {
        attempts += 1
        bytesReceived += outcome.bytesReceived
        if outcome.restartedFromZero {
            keptPrefix = 0
            continued = false
        }
        if outcome.continued { continued = true }
        if lastMirror != mirror {
            lastMirror = mirror
            firstOffsetFromThisMirror = outcome.startOffset
        }
        if let error = outcome.error, error.code != .cancelled { failures.append(error) }
    }

    func result(sha256: String, mirror: URL?) -> FetchResult {
        FetchResult(
            path: request.destination, size: writer.size, sha256: sha256,
            verified: request.expectedSHA256 != nil, mirror: mirror, bytesReceived: bytesReceived,
            resumedFromBytes: keptPrefix, resumed: continued || keptPrefix > 0, attempts: attempts,
            failures: failures)
    }
}
