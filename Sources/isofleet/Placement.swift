import Foundation

/// Promotes a completed download from `incomplete/` into the repository: fsynced, then renamed
/// (or copied under a temporary name and renamed across file systems), so the final path never
/// holds a partial file.
enum Placement {
    /// Fails (exit 1) when something already occupies `path`.
    static func checkFree(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw CLIError.failure("\(path) already exists; move it away first")
        }
    }

    /// Moves `directory/name` to `repository/name` and returns the final path.
    static func move(name: String, from directory: String, toRepository repository: String) throws -> String {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw CLIError.failure("the torrent's name '\(name)' cannot be used as a file name")
        }
        let source = directory + "/" + name
        let destination = repository + "/" + name
        try checkFree(destination)
        do {
            try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create \(repository): \(error.localizedDescription)")
        }
        sync(source)
        if rename(source, destination) == 0 {
            sync(repository)
            return destination
        }
        guard errno == EXDEV else {
            throw CLIError.failure("cannot move \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
        let temporary = repository + "/.\(name).isofleet-partial"
        do {
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
            sync(temporary)
            guard rename(temporary, destination) == 0 else {
                throw CLIError.failure("cannot move \(temporary) to \(destination): \(String(cString: strerror(errno)))")
            }
            sync(repository)
            try FileManager.default.removeItem(atPath: source)
        } catch let error as CLIError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError.failure("cannot copy \(source) to \(repository): \(error.localizedDescription)")
        }
        return destination
    }

    /// fsync of a file or directory (best effort).
    private static func sync(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
