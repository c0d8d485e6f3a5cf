import Foundation

/// One read of one remote file (SMB, NFS, a mounted share) that continues the incomplete file
/// from its current size: the remote counterpart of ``TransferAttempt``, with the same outcome, so
/// ``ImageFetcher`` retries, resumes, moves between mirrors and verifies the same way whatever
/// the protocol. Blocking: runs on the thread that calls ``run()``.
///
/// The remote file's size is checked before any byte is kept: it must equal the expected size
/// (or stay under ``FetchSettings/maxSize``), and a file shorter than what is already kept means
/// the file is another one, so the kept bytes restart from zero.
final class RemoteReadAttempt {
    /// Bytes asked per read: libnfs 4.0 refuses NFSv4 reads over 1 MiB, and larger reads gain
    /// nothing on SMB (storage notes).
    static let readSize = 1 << 20

    private let location: RemoteLocation
    private let access: RemoteAccess
    private let writer: HashingFileWriter
    private let expectedSize: Int64?
    private let settings: FetchSettings
    private let cancel: CancelFlag
    private let progress: (@Sendable (FetchProgress) -> Void)?
    private let startOffset: Int64
    private var rateFloor: RateFloor
    private var received: Int64 = 0
    private var restarted = false
    private let started = ContinuousClock.now
    private var lastReport = ContinuousClock.now
    private var lastReportSize: Int64

    init(
        location: RemoteLocation, access: RemoteAccess, writer: HashingFileWriter, expectedSize: Int64?,
        cancel: CancelFlag, progress: (@Sendable (FetchProgress) -> Void)?
    ) {
        self.location = location
        self.access = access
        self.writer = writer
        self.expectedSize = expectedSize
        settings = access.fetch
        self.cancel = cancel
        self.progress = progress
        rateFloor = RateFloor(settings: access.fetch)
        startOffset = writer.size
        lastReportSize = writer.size
    }

    /// Reads to the end of the remote file, then waits until every kept byte is written.
    func run() -> TransferAttempt.Outcome {
        var error: FetchError?
        do throws(FetchError) {
            try copy()
        } catch let failure {
            error = failure
        }
        do throws(FetchError) { try writer.drain() } catch let writeError { error = writeError }
        if error == nil { reportProgress(final: true) }
        return TransferAttempt.Outcome(
            error: error, bytesReceived: received, startOffset: startOffset, continued: startOffset > 0 && !restarted,
            restartedFromZero: restarted, retryAfter: nil)
    }

    private func copy() throws(FetchError) {
        let (store, path) = try access.openFile(location)
        let reader = try store.openForReading(path)
        try checkSize(reader.size)
        if reader.size < writer.size {
            // The kept prefix is longer than this file: it belongs to another one.
            try writer.restart()
            restarted = true
            lastReportSize = 0
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readSize, alignment: 4096)
        defer { buffer.deallocate() }
        var offset = writer.size
        while offset < reader.size {
            if cancel.isSet { throw .cancelled(location.url) }
            let wanted = Int(min(Int64(buffer.count), reader.size - offset))
            let count = try reader.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
            guard count > 0 else {
                throw FetchError(
                    .network, url: location.url, "\(location): the file ended after \(offset) of \(reader.size) bytes")
            }
            guard writer.append(UnsafeRawBufferPointer(rebasing: buffer[..<count])) else { return }
            offset += Int64(count)
            received += Int64(count)
            try tick()
        }
    }

    private func checkSize(_ size: Int64) throws(FetchError) {
        if let expectedSize, size != expectedSize {
            throw FetchError(
                size > expectedSize ? .tooLarge : .sizeMismatch, url: location.url,
                "\(location): the file has \(size) bytes, the manifest \(expectedSize)")
        }
        if expectedSize == nil, size > settings.maxSize {
            throw FetchError(
                .tooLarge, url: location.url,
                "\(location): the file has \(size) bytes, more than fetch.max_size (\(settings.maxSize) bytes)")
        }
    }

    private func tick() throws(FetchError) {
        if let rate = rateFloor.shortfall(received: received) { throw rateFloor.error(url: location.url, rate: rate) }
        if progress != nil, ContinuousClock.now - lastReport >= settings.progressInterval {
            reportProgress(final: false)
        }
    }

    private func reportProgress(final: Bool) {
        guard let progress else { return }
        let now = ContinuousClock.now
        let since = final ? started : lastReport
        let bytes = final ? received : writer.size - lastReportSize
        let elapsed = max((now - since).seconds, 1e-6)
        lastReport = now
        lastReportSize = writer.size
        progress(
            FetchProgress(
                bytesDone: writer.size, totalBytes: expectedSize ?? (final ? writer.size : nil),
                bytesPerSecond: max(0, Double(bytes) / elapsed), mirror: location.url))
    }
}
