public import Common
import Foundation
public import Repository

/// Where the running daemon may read files it is asked to add to the catalog (`POST
/// /api/v1/catalog`, the page's catalog form): inside one of `import.roots`, never inside the data
/// directory (its database, admin token and incomplete files), symbolic links resolved first. A
/// file already inside the repository is registered where it is and needs no root, unless it has
/// more than one hard link (it may be a link to a file from anywhere). The command line, which
/// runs with the user's own permissions, is not restricted.
public struct ImportRoots: Sendable {
    /// The configured roots, as written.
    public let roots: [String]
    public let dataDirectory: String
    public let repository: Repository

    public init(roots: [String], dataDirectory: String, repository: Repository) {
        self.roots = roots
        self.dataDirectory = dataDirectory
        self.repository = repository
    }

    /// The real path of `path` when the daemon may read it.
    /// - Throws: ``RequestError`` `invalidInput` naming the path and `import.roots`.
    public func check(_ path: String) throws(RequestError) -> String {
        guard path.hasPrefix("/") else {
            // Resolving it against the daemon's working directory would guess: name that directory.
            let directory = FileManager.default.currentDirectoryPath
            throw RequestError(
                .invalidInput,
                "\(path) is a relative path: the daemon adds files by absolute path only (it runs in \(directory), "
                    + "so this would have been \((directory as NSString).appendingPathComponent(path)))")
        }
        guard let real = Self.realPath(path) else {
            throw RequestError(.invalidInput, "\(path): \(String(cString: strerror(errno)))")
        }
        let repositoryRoot = Self.realPath(repository.root)
        let data = Self.realPath(dataDirectory)
        let inRepository = repositoryRoot.map { Self.path(real, isInside: $0) } ?? false
        // The repository normally lies inside the data directory (DATA_DIR/repo): its files are
        // fine, the rest of the data directory (database, admin token, incomplete files) never is.
        let repositoryWithinData =
            repositoryRoot.map { root in data.map { root != $0 && Self.path(root, isInside: $0) } ?? false } ?? false
        if let data, Self.path(real, isInside: data), !(inRepository && repositoryWithinData) {
            throw RequestError(.invalidInput, "\(path) is inside the data directory \(data): never added")
        }
        if inRepository {
            var info = stat()
            guard stat(real, &info) == 0, info.st_nlink <= 1 else {
                throw RequestError(
                    .invalidInput,
                    "\(path) has more than one hard link: the daemon does not add it (use 'isofleet catalog add' on the node)"
                )
            }
            return real
        }
        let resolvedRoots = roots.compactMap(Self.realPath)
        guard !resolvedRoots.isEmpty else {
            throw RequestError(
                .invalidInput,
                "\(path) is outside the repository and import.roots is not set: the daemon adds no other local file (set import.roots, or use 'isofleet catalog add' on the node)"
            )
        }
        guard resolvedRoots.contains(where: { Self.path(real, isInside: $0) }) else {
            throw RequestError(
                .invalidInput,
                "\(path)\(real == path ? "" : " (\(real))") is not inside import.roots (\(roots.joined(separator: ", ")))"
            )
        }
        return real
    }

    /// `path` with every symbolic link resolved, nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func path(_ path: String, isInside directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }
}
