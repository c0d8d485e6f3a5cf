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
    /// Bytes asked per read. Each read is one round trip, so the link idles between them: a
    /// larger read keeps more in flight (libnfs sends an NFSv3 read as parallel requests of the
    /// server's maximum; NFSv4 reads stay at 1 MiB, see ``NFSExport``). 4 MiB took a shaped
    /// 2 Gbit/s NFS read from 0.79× to 0.88× of `nfs-cp` (bench/storage.sh).
    static let readSize = 4 << 20

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
    private var pacer: ProgressPacer

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
        pacer = ProgressPacer(interval: settings.progressInterval, size: writer.size)
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
            pacer.restart()
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
        if progress != nil, pacer.isDue {
            reportProgress(final: false)
        }
    }

    private func reportProgress(final: Bool) {
        guard let progress else { return }
        progress(
            pacer.event(size: writer.size, received: received, total: expectedSize, final: final, mirror: location.url))
    }
}
