import Common
import Foundation

/// Whether an image of a known size can fit before its download starts: the incomplete area must
/// hold what is still to come, and the repository the whole file too when it is on another file
/// system (promotion then copies). A fetch that would run out of space fails at once, naming the
/// directory, what it needs and what is free, so a full disk costs no download and leaves room
/// for the images that do fit.
enum FreeSpace {
    /// Why `size` bytes (of which `partial` already downloaded into `incompleteFile`) cannot fit,
    /// or nil when they can or the file systems cannot be asked.
    static func shortfall(size: Int64, partial: Int64, incompleteFile: String, repositoryRoot: String) -> String? {
        let incompleteDirectory = (incompleteFile as NSString).deletingLastPathComponent
        guard let incomplete = fileSystem(of: incompleteDirectory) else { return nil }
        let remaining = max(0, size - partial)
        if remaining > incomplete.free {
            return describe(needs: remaining, free: incomplete.free, at: incompleteDirectory)
        }
        guard let repository = fileSystem(of: repositoryRoot), repository.id != incomplete.id else { return nil }
        if size > repository.free { return describe(needs: size, free: repository.free, at: repositoryRoot) }
        return nil
    }

    private static func describe(needs: Int64, free: Int64, at directory: String) -> String {
        "not enough space: it needs \(ByteCount.size(needs)) in \(directory), \(ByteCount.size(free)) free; not started"
    }

    /// The file system holding `path`: its device and the bytes an unprivileged writer may use.
    private static func fileSystem(of path: String) -> (id: UInt64, free: Int64)? {
        var info = statvfs()
        var status = stat()
        guard statvfs(path, &info) == 0, stat(path, &status) == 0 else { return nil }
        return (UInt64(status.st_dev), Int64(info.f_bavail) * Int64(info.f_frsize))
    }
}
