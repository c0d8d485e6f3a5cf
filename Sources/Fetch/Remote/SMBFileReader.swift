/// A file of an ``SMBShare`` open for reading; closed when released. Reads go through the
/// share's context under the library lock, one libsmbclient read per call (``ImageFetcher`` asks
/// 4 MiB; libsmbclient pipelines a large read as several SMB requests), nothing read ahead.
final class SMBFileReader: RemoteFileReader {
    let size: Int64
    private let share: SMBShare
    private let handle: SMBFileHandle
    private let path: String

    init(share: SMBShare, handle: SMBFileHandle, path: String, size: Int64) {
        self.share = share
        self.handle = handle
        self.path = path
        self.size = size
    }

    deinit {
        let (handle, path) = (handle, path)
        _ = try? share.session.locked { (session) throws(FetchError) in try session.close(handle, path) }
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(FetchError) -> Int {
        guard !buffer.isEmpty else { return 0 }
        let (handle, path) = (handle, path)
        return try share.session.locked { (session) throws(FetchError) in
            try session.read(handle, path, at: offset, into: buffer)
        }
    }
}
