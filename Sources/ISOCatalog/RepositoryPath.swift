/// Checks that a path stays inside the repository root (design §6, §7 rule 5).
///
/// A safe path is relative, non-empty, uses `/` as separator, and has no empty, `.` or `..`
/// segment, no backslash and no control character. Paths are compared textually: the domain layer
/// knows nothing of symbolic links, which the storage layer must not follow out of the root.
public enum RepositoryPath {
    /// True when `path` is a safe relative path.
    public static func isSafe(_ path: String) -> Bool { problem(with: path) == nil }

    /// Why `path` is not a safe relative path, or `nil` when it is.
    public static func problem(with path: String) -> String? {
        if path.isEmpty { return "path is empty" }
        if path.hasPrefix("/") { return "path '\(path)' is absolute" }
        if path.contains("\\") { return "path '\(path)' contains '\\'" }
        if let scalar = path.unicodeScalars.first(where: \.isControl) {
            return "path contains control character U+\(scalar.hex)"
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "path '\(path)' has an empty segment" }
            if segment == ".." { return "path '\(path)' leaves the repository ('..')" }
            if segment == "." { return "path '\(path)' has a '.' segment" }
        }
        return nil
    }

    /// True when `path` is safe and, if absolute-looking relative to `root`, still inside it.
    /// `root` is an absolute directory; a `path` starting with `root + "/"` is made relative first.
    public static func isInside(_ path: String, root: String) -> Bool {
        var relative = path
        if path.hasPrefix("/") {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            guard path.hasPrefix(prefix) else { return false }
            relative = String(path.dropFirst(prefix.count))
        }
        return isSafe(relative)
    }
}
