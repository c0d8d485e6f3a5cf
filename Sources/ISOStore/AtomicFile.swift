import Common
import Foundation

/// Replaces a file's contents so that readers see either the old bytes or the new ones, never a
/// mixture, even across a crash or power loss.
///
/// The bytes go to a temporary file in the same directory, which is fsynced, renamed over the
/// target, and then the directory is fsynced so the rename itself is durable.
enum AtomicFile {
    /// Writes `data` to `path` atomically and durably; `mode` applies to a newly created file.
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        let leaf = (path as NSString).lastPathComponent
        let temporary = "\(directory)/.\(leaf).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        func fail(_ what: String, _ file: String) -> StoreError {
            StoreError(.inventory, "cannot \(what) \(file)", cause: SystemError.current)
        }

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw fail("create", temporary) }
        var written = 0
        let count = data.count
        let writeError: StoreError? = data.withUnsafeBytes { buffer -> StoreError? in
            while written < count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return fail("write", temporary)
                }
                written += result
            }
            return nil
        }
        if let writeError {
            close(descriptor)
            unlink(temporary)
            throw writeError
        }
        guard fsync(descriptor) == 0 else {
            let error = fail("fsync", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = fail("rename into place", path)
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Makes the directory entries of `directory` (a rename, a new file) durable.
    static func syncDirectory(_ directory: String) throws(StoreError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(.inventory, "cannot open directory \(directory)", cause: SystemError.current)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw StoreError(.inventory, "cannot fsync directory \(directory)", cause: SystemError.current)
        }
    }
}
