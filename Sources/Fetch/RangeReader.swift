public import Foundation

/// Reads byte ranges of a remote file into memory, with the retries of ``FetchSettings/retry``:
/// how pieces of an image are taken from the origin to feed the swarm.
///
/// - http, https: a `Range` request, which must be answered with a 206 for exactly that range;
///   the connection stays open for the next read (``CurlHandlePool``);
/// - s3: a signed ranged GET of the object (``S3Bucket/read(_:range:)``);
/// - smb, nfs, file: the file opened through ``RemoteAccess/openFile(_:)`` and read at the offset;
///   open files are kept for the next reads (``RemoteReaderPool``).
public struct RangeReader: Sendable {
    public let settings: FetchSettings
    /// How s3, smb, nfs and file origins are reached; its transfer settings are replaced by `settings`.
    public let remote: RemoteAccess
    private let sleeper: any FetchSleeper
    private let random: @Sendable () -> Double
    /// SMB, NFS and file readers kept open between reads (shared by the copies of this value).
    private let pool = RemoteReaderPool()
    /// HTTP connections kept open between reads (shared by the copies of this value).
    private let handles = CurlHandlePool()

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

    /// The bytes `range` (inclusive offsets) of `url` (http, https, s3, smb, nfs or file).
    public func read(_ url: URL, range: ClosedRange<Int64>) async throws(FetchError) -> Data {
        guard range.lowerBound >= 0, range.upperBound - range.lowerBound < Int64(Int32.max) else {
            throw FetchError(
                .invalidRequest, url: url,
                "bad byte range \(range.lowerBound)-\(range.upperBound) for \(url.absoluteString)")
        }
        let settings = settings
        let retrying = RetryingFetch(settings: settings, sleeper: sleeper, random: random)
        if let scheme = url.scheme?.lowercased(), RemoteLocation.Scheme(rawValue: scheme) != nil {
            let location = try RemoteLocation(parsing: url.absoluteString)
            let remote = remote
            let pool = pool
            return try await retrying.run(url, schemes: RemoteLocation.Scheme.allCases.map(\.rawValue)) {
                cancel throws(FetchError) in
                try Self.read(location, range: range, remote: remote, pool: pool, cancel: cancel)
            }
        }
        let length = Int(range.upperBound - range.lowerBound + 1)
        let handles = handles
        let response = try await retrying.run(url) { cancel throws(FetchError) in
            try MemoryTransfer(
                url: url, settings: settings, maxBytes: length, cancel: cancel, ifNoneMatch: nil,
                ifModifiedSince: nil, range: range, handles: handles
            ).run()
        }
        guard case .fetched(let data, _, _) = response else {
            throw FetchError(.badResponse, url: url, "\(url.absoluteString): no body for a range request")
        }
        return data
    }

    /// The bytes `range` of a file on remote storage. Blocking.
    private static func read(
        _ location: RemoteLocation, range: ClosedRange<Int64>, remote: RemoteAccess, pool: RemoteReaderPool,
        cancel: CancelFlag
    ) throws(FetchError) -> Data {
        if location.scheme == .s3 {
            let (store, path) = try remote.openFile(location)
            guard let bucket = store as? S3Bucket else {
                throw FetchError(.invalidRequest, url: location.url, "\(location): not an S3 bucket")
            }
            return try bucket.read(path, range: range.lowerBound..<range.upperBound + 1)
        }
        let entry = try pool.checkOut(location) { () throws(FetchError) in
            let (store, path) = try remote.openFile(location)
            return RemoteReaderPool.Entry(store: store, reader: try store.openForReading(path))
        }
        let data = try read(entry.reader, location: location, range: range, cancel: cancel)
        pool.checkIn(entry, for: location)
        return data
    }

    /// The bytes `range` of an open remote file.
    private static func read(
        _ reader: any RemoteFileReader, location: RemoteLocation, range: ClosedRange<Int64>, cancel: CancelFlag
    ) throws(FetchError) -> Data {
        guard range.upperBound < reader.size else {
            throw FetchError(
                .badResponse, url: location.url,
                "\(location): bytes \(range.lowerBound)-\(range.upperBound) asked, the file has \(reader.size)")
        }
        let total = Int(range.upperBound - range.lowerBound + 1)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < total {
            if cancel.isSet { throw .cancelled(location.url) }
            let slice = UnsafeMutableRawBufferPointer(
                rebasing: buffer[done..<min(total, done + RemoteReadAttempt.readSize)])
            let count = try reader.read(at: range.lowerBound + Int64(done), into: slice)
            guard count > 0 else {
                throw FetchError(
                    .network, url: location.url,
                    "\(location): the file ended after \(range.lowerBound + Int64(done)) bytes")
            }
            done += count
        }
        let data = Data(buffer)
        return data
    }
}
