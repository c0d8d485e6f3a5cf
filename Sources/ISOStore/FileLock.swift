import Common
import Foundation

/// An exclusive advisory lock (`flock(2)`) on a file, held until `unlock()` or deinit.
///
/// Serialises what SQLite's own locking does not cover across processes: creating the database,
/// switching it to WAL and running migrations, which several `isofleet` invocations may try at once.
final class FileLock {
    private var descriptor: Int32

    /// Blocks until the lock on `path` (created when missing) is held.
    init(path: String) throws(StoreError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot create lock file \(path)", cause: SystemError.current)
        }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let cause = SystemError.current
            close(descriptor)
            throw StoreError(.cannotOpen, "cannot lock \(path)", cause: cause)
        }
    }

    /// Releases the lock; calling it twice is harmless.
    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
