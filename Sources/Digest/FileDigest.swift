import Foundation

/// Hashes whole files with SHA-256, reading them in large sequential blocks.
public enum FileDigest {
    /// Bytes read per `read(2)`: large enough that the hash, not the system call, sets the pace.
    public static let blockSize = 4 << 20

    /// The SHA-256 of the file at `path`, as 64 lower-case hex digits.
    ///
    /// - Parameter progress: called after each block with the bytes hashed so far.
    /// - Throws: ``FileDigestError`` naming the file when it cannot be opened or read.
    public static func sha256(
        ofFileAt path: String,
        progress: ((_ bytesHashed: Int64) -> Void)? = nil
    ) throws(FileDigestError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileDigestError(path: path, errno: errno) }
        defer { close(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)

        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, blockSize)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileDigestError(path: path, errno: errno)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
            progress?(total)
        }
        return hasher.finalize()
    }
}

/// A file that could not be hashed, with the path and the system's reason.
public struct FileDigestError: Error, CustomStringConvertible, Equatable {
    /// The file that could not be opened or read.
    public let path: String
    /// The `errno` value the system reported.
    public let errno: Int32

    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "cannot read \(path): \(String(cString: strerror(errno)))"
    }
}
