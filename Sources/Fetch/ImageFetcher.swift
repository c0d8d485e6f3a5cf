import Common
import Foundation

/// Downloads one image into an incomplete file, resuming, retrying and verifying, from mirrors
/// over HTTP(S), S3, SMB, NFS or a mounted share (`file://`), in any mix.
///
/// - Mirrors are tried in order. A transient failure (timeout, broken connection, HTTP 408/429/5xx)
///   is retried on the same mirror per ``RetryPolicy``, continuing with a range request; a
///   permanent one (404, TLS, wrong size) moves on to the next mirror, keeping the bytes so far.
/// - A file already at the destination is resumed: its bytes are hashed once, then the transfer
///   continues after them. The SHA-256 is computed while receiving; the finished file is never
///   read again.
/// - A SHA-256 mismatch deletes the bytes (they are poison) and moves on to the next mirror,
///   which starts from zero; the failure names the mirror that completed the bad file.
/// - Every fetch is bounded: the file never grows past the expected size (or
///   ``FetchSettings/maxSize`` when the manifest gives none), and a mirror whose average rate stays
///   below ``FetchSettings/minimumRate`` for a ``FetchSettings/minimumRateWindow`` is abandoned for
///   the next mirror, which continues its bytes. Bytes past a cap are never kept.
/// - libcurl runs on threads of its own; cancelling the task aborts the transfer within about a
///   second and keeps the incomplete file for a later resume.
/// - The fetcher only writes the destination. Promote it with ``FilePromotion`` once it succeeds.
public struct ImageFetcher: Sendable {
    public let settings: FetchSettings
    /// How s3, smb, nfs and file mirrors are reached (credentials, region, endpoint).
    public let remote: RemoteAccess
    private let sleeper: any FetchSleeper
    private let random: @Sendable () -> Double

    /// - Parameters:
    ///   - sleeper: waits between retries (inject one in tests).
    ///   - remote: credentials and endpoints for s3, smb and nfs mirrors; its transfer settings
    ///     are replaced by `settings`.
    ///   - random: numbers in `0..<1` for the retry jitter.
    public init(
        settings: FetchSettings = FetchSettings(), remote: RemoteAccess = RemoteAccess(),
        sleeper: any FetchSleeper = TaskSleeper(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        var remote = remote
        remote.fetch = settings
        self.remote = remote
        self.sleeper = sleeper
        self.random = random
    }

    /// Fetches `request` into its destination and syncs it to disk.
    ///
    /// - Parameter progress: called on a transfer thread, at most once per
    ///   ``FetchSettings/progressInterval``, and once at the end.
    /// - Throws: ``FetchError``: `.allMirrorsFailed` listing every failure, `.cancelled`, `.io` for a
    ///   local file problem, `.invalidRequest`.
    public func fetch(
        _ request: FetchRequest, progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) async throws(FetchError) -> FetchResult {
        try request.validate()
        if let size = request.expectedSize, size > settings.maxSize {
            throw FetchError(
                .invalidRequest, url: request.mirrors[0],
                "\(request.mirrors[0].absoluteString): the expected size \(size) bytes is more than fetch.max_size (\(settings.maxSize) bytes)"
            )
        }
        let writer = try HashingFileWriter(path: request.destination, directIO: settings.directIO)
        do {
            let result = try await transfer(request, into: writer, progress: progress)
            writer.close()
            return result
        } catch {
            // Keep bytes worth resuming; leave no empty file behind.
            writer.closeRemovingIfEmpty()
            throw error
        }
    }

    private func transfer(
        _ request: FetchRequest, into writer: HashingFileWriter, progress: (@Sendable (FetchProgress) -> Void)?
    ) async throws(FetchError) -> FetchResult {
        var run = FetchRun(request: request, writer: writer)
        try await adoptExistingFile(&run)
        if let done = try await completeWithoutTransfer(&run) { return done }

        for mirror in request.mirrors {
            if let result = try await fetch(from: mirror, &run, progress: progress) { return result }
        }
        throw .allMirrorsFailed(run.failures, mirrors: request.mirrors)
    }

    /// Tries one mirror until it succeeds, fails for good or runs out of attempts.
    private func fetch(
        from mirror: URL, _ run: inout FetchRun, progress: (@Sendable (FetchProgress) -> Void)?
    ) async throws(FetchError) -> FetchResult? {
        var failuresInARow = 0
        while true {
            let outcome = await attempt(mirror, run, progress: progress)
            run.record(outcome, from: mirror)
            guard let error = outcome.error else {
                if let result = try await verify(mirror, &run) { return result }
                return nil
            }
            switch error.code {
            case .cancelled, .io, .invalidRequest:
                throw error
            case .tooSlow:
                // Keep the bytes: the next mirror continues them with a range request (and the
                // digest, when one is expected, still judges them all).
                return nil
            case .tooLarge, .sizeMismatch, .badResponse:
                // This mirror holds another file. Bytes it wrote are in the hash, which cannot be
                // rewound: start over from zero on the next mirror.
                if run.writer.size > outcome.startOffset || outcome.restartedFromZero {
                    try await restart(&run)
                }
                return nil
            case .http(status: 416) where outcome.startOffset > 0:
                // The range is past the server's end: its file differs from our prefix. Start over.
                try await restart(&run)
                failuresInARow += 1
                if failuresInARow >= settings.retry.maxAttemptsPerMirror { return nil }
            default:
                guard error.isRetryable else { return nil }
                let progressed = run.writer.size - outcome.startOffset
                failuresInARow = progressed >= settings.retry.progressResetBytes ? 1 : failuresInARow + 1
                if failuresInARow >= settings.retry.maxAttemptsPerMirror { return nil }
                var pause = settings.retry.delay(beforeRetry: failuresInARow, random: random())
                if let asked = outcome.retryAfter { pause = max(pause, min(asked, settings.retry.maxDelay)) }
                do {
                    try await sleeper.sleep(for: pause)
                } catch {
                    throw .cancelled(mirror)
                }
            }
        }
    }

    private func attempt(
        _ mirror: URL, _ run: FetchRun, progress: (@Sendable (FetchProgress) -> Void)?
    ) async -> TransferAttempt.Outcome {
        let cancel = CancelFlag()
        let writer = run.writer
        let expectedSize = run.request.expectedSize
        let settings = settings
        let remote = remote
        return await OffPool.run("isofleet-fetch", cancel: cancel) {
            switch mirror.scheme?.lowercased() {
            case "http", "https":
                TransferAttempt(
                    url: mirror, writer: writer, expectedSize: expectedSize, settings: settings,
                    cancel: cancel, progress: progress
                ).run()
            case "s3":
                S3MirrorDownload(
                    mirror: mirror, access: remote, writer: writer, expectedSize: expectedSize, cancel: cancel,
                    progress: progress
                ).run()
            default:
                Self.remoteAttempt(
                    mirror, remote: remote, writer: writer, expectedSize: expectedSize, cancel: cancel,
                    progress: progress)
            }
        }
    }

    /// An attempt on an s3, smb, nfs or file mirror (``FetchRequest/validate()`` has parsed it).
    private static func remoteAttempt(
        _ mirror: URL, remote: RemoteAccess, writer: HashingFileWriter, expectedSize: Int64?, cancel: CancelFlag,
        progress: (@Sendable (FetchProgress) -> Void)?
    ) -> TransferAttempt.Outcome {
        let location: RemoteLocation
        do throws(FetchError) {
            location = try RemoteLocation(parsing: mirror.absoluteString)
        } catch {
            return .failed(error, startOffset: writer.size)
        }
        return RemoteReadAttempt(
            location: location, access: remote, writer: writer, expectedSize: expectedSize, cancel: cancel,
            progress: progress
        ).run()
    }

    /// Syncs the complete file and compares its digest; nil (after discarding the bytes) on a mismatch.
    private func verify(_ mirror: URL, _ run: inout FetchRun) async throws(FetchError) -> FetchResult? {
        let sha256 = try await finish(run.writer)
        guard let expected = run.request.expectedSHA256, expected != sha256 else {
            return run.result(sha256: sha256, mirror: mirror)
        }
        var message = "\(mirror.absoluteString): served bytes whose SHA-256 is \(sha256), expected \(expected)"
        if run.firstOffsetFromThisMirror > 0 {
            message += " (it continued an incomplete file of \(run.firstOffsetFromThisMirror) bytes)"
        }
        run.failures.append(FetchError(.checksumMismatch, url: mirror, message))
        try await restart(&run)
        return nil
    }

    // MARK: The incomplete file

    /// Keeps and hashes what a previous run left at the destination, unless it is too long.
    private func adoptExistingFile(_ run: inout FetchRun) async throws(FetchError) {
        let writer = run.writer
        let existing = writer.existingSize
        guard existing > 0 else { return }
        if existing > run.request.expectedSize ?? settings.maxSize {
            try await restart(&run)
            return
        }
        let cancel = CancelFlag()
        try await OffPool.run("isofleet-fetch-rehash", cancel: cancel) { () throws(FetchError) in
            try writer.adoptExistingPrefix(length: existing, cancel: cancel)
        }
        run.keptPrefix = existing
    }

    /// When the kept file already has the expected size, verifies it without any request.
    private func completeWithoutTransfer(_ run: inout FetchRun) async throws(FetchError) -> FetchResult? {
        guard let expected = run.request.expectedSize, run.keptPrefix == expected, expected > 0 else { return nil }
        let sha256 = try await finish(run.writer)
        if let wanted = run.request.expectedSHA256, wanted != sha256 {
            try await restart(&run)
            return nil
        }
        return run.result(sha256: sha256, mirror: nil)
    }

    /// Drains and syncs the file; returns its SHA-256.
    private func finish(_ writer: HashingFileWriter) async throws(FetchError) -> String {
        try await OffPool.run("isofleet-fetch-sync") { () throws(FetchError) in try writer.finish() }
    }

    /// Empties the file: the next attempt starts from byte zero.
    private func restart(_ run: inout FetchRun) async throws(FetchError) {
        let writer = run.writer
        try await OffPool.run("isofleet-fetch-truncate") { () throws(FetchError) in try writer.restart() }
        run.keptPrefix = 0
    }
}
