import Foundation

/// A local file read front to back in chunks of one reused buffer (an upload's source).
final class LocalFileChunks {
    private let path: String
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer

    /// Opens `path` for reading; `.io` naming it when it cannot.
    init(path: String, chunkSize: Int) throws(FetchError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FetchError.io("open", path: path, errno: errno) }
        self.path = path
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// The next chunk (valid until the next call), nil at the end of the file.
    func next() throws(FetchError) -> UnsafeRawBufferPointer? {
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return UnsafeRawBufferPointer(rebasing: buffer[..<count]) }
            if count == 0 { return nil }
            if errno != EINTR { throw FetchError.io("read", path: path, errno: errno) }
        }
    }
}
