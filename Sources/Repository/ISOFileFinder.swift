public import Common
import Foundation
import ISOStore

/// Finds ISO files (`*.iso`, any case) under a directory with `readdir` and `fstatat`, without
/// following symbolic links.
///
/// Skipped, and reported in `skipped`: symbolic links, entries whose names start with `.`
/// (the importer's temporary files are hidden), and directories listed in `excluding`
/// (the data directory's `incomplete/`, where transfers land until verified).
public struct ISOFileFinder: Sendable {
    /// One entry that was not considered, and why.
    public struct Skipped: Hashable, Sendable {
        public var relativePath: String
        public var reason: String
    }

    /// What a search found.
    public struct Result: Sendable {
        /// ISO files, sorted by relative path.
        public var files: [FoundFile]
        public var skipped: [Skipped]
        /// Directories that could not be read, with the reason.
        public var unreadable: [Skipped]
    }

    /// Absolute directory paths not to descend into.
    public var excluding: Set<String>

    public init(excluding: Set<String> = []) {
        self.excluding = Set(excluding.map { Repository.canonical($0) })
    }

    /// True when `name` ends in `.iso`, in any case.
    public static func isISOName(_ name: some StringProtocol) -> Bool {
        name.count > 4 && name.lowercased().hasSuffix(".iso")
    }

    /// Every ISO file under `directory`.
    /// - Throws: ``CatalogError`` when `directory` itself cannot be read.
    public func find(in directory: String) throws(CatalogError) -> Result {
        let root = Repository.canonical(directory)
        var result = Result(files: [], skipped: [], unreadable: [])
        guard let stream = opendir(root) else {
            throw CatalogError(.io, "cannot read directory \(root)", cause: SystemError.current)
        }
        closedir(stream)
        walk(root, relative: "", into: &result)
        result.files.sort { $0.relativePath.unicodeScalars.lexicographicallyPrecedes($1.relativePath.unicodeScalars) }
        return result
    }

    private func walk(_ directory: String, relative: String, into result: inout Result) {
        guard let stream = opendir(directory) else {
            result.unreadable.append(Skipped(relativePath: relative, reason: SystemError.current.description))
            return
        }
        defer { closedir(stream) }
        let descriptor = dirfd(stream)
        var subdirectories: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(cString: buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") {
                if Self.isISOName(name) {
                    result.skipped.append(Skipped(relativePath: relativePath, reason: "hidden file"))
                }
                continue
            }
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                result.unreadable.append(Skipped(relativePath: relativePath, reason: SystemError.current.description))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                subdirectories.append(name)
            case S_IFREG where Self.isISOName(name):
                result.files.append(
                    FoundFile(
                        absolutePath: directory + "/" + name, relativePath: relativePath,
                        stamp: FileStamp(info), linkCount: Int(info.st_nlink)))
            case S_IFLNK where Self.isISOName(name):
                result.skipped.append(Skipped(relativePath: relativePath, reason: "symbolic link (not followed)"))
            default:
                continue
            }
        }
        for name in subdirectories {
            let path = directory + "/" + name
            if excluding.contains(path) { continue }
            walk(path, relative: relative.isEmpty ? name : relative + "/" + name, into: &result)
        }
    }
}

extension FileStamp {
    /// The size and modification time `info` reports.
    init(_ info: stat) {
        self.init(
            size: Int64(info.st_size),
            modificationTimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// The stamp of the file at `path` (following symbolic links), or nil when it cannot be stat'ed.
    static func of(path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }
}
