import Common
import Foundation

/// An exclusive `flock(2)` on `DATA_DIR/update.lock`: one update run per data directory across
/// processes (the daemon and `isofleet update`). The kernel drops it when the process dies, even
/// by SIGKILL.
///
/// A lock found held is asked for again for up to ``patience`` before giving up: a child process
/// forked by this one (a server, a hook) holds a copy of the descriptor for the moment between
/// its fork and its exec, and must not make the next run look refused.
final class UpdateRunLock {
    /// How long a held lock is retried before the run is refused.
    static let patience: Duration = .milliseconds(500)
    private var descriptor: Int32

    /// Takes the lock, or returns nil when another process holds it.
    init?(path: String) throws(UpdateError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw UpdateError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now + Self.patience
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK, ContinuousClock.now < deadline else {
                close(descriptor)
                return nil
            }
            usleep(20_000)
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
