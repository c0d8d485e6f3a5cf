import Foundation

/// An exclusive, non-blocking `flock(2)` on `DATA_DIR/update.lock`: one update run per data
/// directory across processes (the daemon and `isofleet update`). The kernel drops it when the
/// process dies, even by SIGKILL.
final class UpdateRunLock {
    private var descriptor: Int32

    /// Takes the lock, or returns nil when another process holds it.
    init?(path: String) throws(UpdateError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw UpdateError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            return nil
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
