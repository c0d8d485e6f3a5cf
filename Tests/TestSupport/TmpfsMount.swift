public import Foundation

/// A small tmpfs mounted over an existing directory (root only), for tests of a full file system.
/// Unmount it before the directory is removed; `resize(bytes:)` gives space back.
public final class TmpfsMount: Sendable {
    public let path: String

    /// Mounts a tmpfs of `bytes` over the directory at `path`.
    public init(at path: String, bytes: Int) throws {
        guard geteuid() == 0 else { throw ChildProcessError("mounting a tmpfs needs root") }
        self.path = path
        try Self.mount(["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
    }

    /// Changes the file system's size, keeping what it holds.
    public func resize(bytes: Int) throws {
        try Self.mount(["-o", "remount,size=\(bytes)", path])
    }

    /// Unmounts it (lazily, so that a descriptor a failed test left open cannot keep it busy).
    public func unmount() {
        _ = try? CommandResult.run("umount", ["-l", path])
    }

    /// Bytes still free.
    public var freeBytes: Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return -1 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    private static func mount(_ arguments: [String]) throws {
        let result = try CommandResult.run("mount", arguments)
        guard result.status == 0 else {
            throw ChildProcessError("mount \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }
}
