import Foundation
import ISOCatalog
import ISOStore
import Repository

/// Carries out a planned deletion, checking again at the last moment (design §7 rule 5): the path
/// must resolve, symbolic links followed, to a file inside the repository root, and the store must
/// still hold the planned identity there. Empty layout directories left behind are removed, up to
/// (not including) the root.
struct ImageDeleter: Sendable {
    let repository: Repository
    let store: CatalogStore

    /// Deletes the file and its store row; returns why it did not, or nil on success.
    func delete(_ entry: PlannedEntry) -> String? {
        let absolute = repository.absolutePath(of: entry.path)
        guard RepositoryPath.isSafe(entry.path), repository.relativePath(of: absolute) == entry.path else {
            return "\(entry.path) does not resolve to a path inside the repository \(repository.root): not deleted"
        }
        let id: Int64
        do {
            guard let image = try store.image(path: entry.path), image.identity == entry.identity, let rowID = image.id
            else {
                return "the store no longer holds \(entry.identity) at \(entry.path): not deleted"
            }
            id = rowID
        } catch {
            return "cannot read the store for \(entry.path): \(error)"
        }
        var info = stat()
        if lstat(absolute, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                return "\(absolute) is not a regular file: not deleted"
            }
            guard unlink(absolute) == 0 || errno == ENOENT else {
                return "cannot delete \(absolute): \(String(cString: strerror(errno)))"
            }
        }
        do {
            try store.removeImage(id: id)
        } catch {
            return "deleted \(absolute) but cannot remove it from the store: \(error)"
        }
        removeEmptyDirectories(above: absolute)
        return nil
    }

    private func removeEmptyDirectories(above path: String) {
        var directory = (path as NSString).deletingLastPathComponent
        while directory.hasPrefix(repository.root + "/"), rmdir(directory) == 0 {
            directory = (directory as NSString).deletingLastPathComponent
        }
    }
}
