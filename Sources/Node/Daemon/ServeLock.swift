public import Common
import Foundation
public import Repository

/// The exclusive lock a running `isofleet serve` holds on `DATA_DIR/serve.lock` (`flock`), so that
/// two daemons never share a data directory and the command line can tell whether one runs.
///
/// The kernel drops the lock when the process dies, however it dies: unlike a pid file, a stale
/// `serve.json` never makes a dead daemon look alive.
public final class ServeLock: Sendable {
    private let descriptor: Int32
    public let dataDirectory: DataDirectory

    /// Takes the lock without waiting.
    /// - Throws: ``DaemonError`` `alreadyRunning` (naming the other daemon's URL when known) or
    ///   `io` when the lock file cannot be opened.
    public init(dataDirectory: DataDirectory) throws(DaemonError) {
        self.dataDirectory = dataDirectory
        let fd = open(dataDirectory.serveLock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw DaemonError(.io, "cannot open \(dataDirectory.serveLock): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            let other = ServeRecord.read(from: dataDirectory.serveRecord)
            throw DaemonError(
                .alreadyRunning,
                "another isofleet serve runs on \(dataDirectory.root)"
                    + (other.map { " (pid \($0.pid), \($0.url))" } ?? ""))
        }
        descriptor = fd
    }

    /// Writes `record` to `serve.json` (readable by the owner's group, not secret).
    public func publish(_ record: ServeRecord) throws {
        try record.encoded().write(to: URL(fileURLWithPath: dataDirectory.serveRecord), options: .atomic)
    }

    /// Removes `serve.json` and releases the lock.
    public func release() {
        unlink(dataDirectory.serveRecord)
        close(descriptor)
    }

    /// The record of the daemon running on `dataDirectory`, or nil when none holds the lock.
    public static func runningDaemon(in dataDirectory: DataDirectory) -> ServeRecord? {
        guard isHeld(in: dataDirectory) else { return nil }
        return ServeRecord.read(from: dataDirectory.serveRecord)
    }

    /// True while a daemon (this process's or another's) holds the lock on `dataDirectory`.
    public static func isHeld(in dataDirectory: DataDirectory) -> Bool {
        let fd = open(dataDirectory.serveLock, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
