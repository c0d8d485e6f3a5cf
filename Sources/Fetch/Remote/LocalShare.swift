public import Foundation

/// A `file://` folder: a share the host already mounts (EFS, a kernel CIFS or NFS mount) or any
/// local folder. Read and written with plain POSIX calls; uploads go to a temporary name in the
/// target's folder, are synced, then renamed, so a reader never sees a partial file.
public final class LocalShare: RemoteStore {
    public let root: RemoteLocation
    /// The root folder's absolute path, ending with `/`.
    private let folder: String

    /// Opens `root` (a `file://` folder, or the folder of a `file://` file); `.notFound` when
    /// the folder does not exist.
    public init(root: RemoteLocation) throws(FetchError) {
        let folderLocation = root.asFolder
        self.root = folderLocation
        folder = folderLocation.path
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Self.error(errno == 0 ? ENOTDIR : errno, "open folder", folderLocation)
        }
    }

    public func listFiles() throws(FetchError) -> [RemoteEntry] {
        var found: [RemoteEntry] = []
        try list(relative: "", into: &found)
        return found.sorted { $0.path < $1.path }
    }

    private func list(relative: String, into found: inout [RemoteEntry]) throws(FetchError) {
        guard let directory = opendir(folder + relative) else {
            throw Self.error(errno, "list", root.appending(relative))
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(Self.temporaryPrefix) { continue }
            let path = relative + name
            var info = stat()
            guard lstat(folder + path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try list(relative: path + "/", into: &found)
            case S_IFREG:
                found.append(
                    RemoteEntry(
                        path: path, size: Int64(info.st_size),
                        modified: Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))))
            default: continue
            }
        }
    }

    public func size(of path: String) throws(FetchError) -> Int64? {
        var info = stat()
        guard stat(folder + path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Self.error(errno, "stat", root.appending(path))
        }
        return info.st_mode & S_IFMT == S_IFREG ? Int64(info.st_size) : nil
    }

    public func openForReading(_ path: String) throws(FetchError) -> any RemoteFileReader {
        let descriptor = open(folder + path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, "open", root.appending(path)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw FetchError(.notFound, url: root.appending(path).url, "\(root.appending(path)) is not a regular file")
        }
        return Reader(descriptor: descriptor, size: Int64(info.st_size), location: root.appending(path))
    }

    public func upload(
        from localPath: String, to path: String, sha256: String, progress: (Int64) -> Bool
    ) throws(FetchError) {
        let target = root.appending(path)
        let source = open(localPath, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw FetchError.io("open", path: localPath, errno: errno) }
        defer { close(source) }
        try makeFolders(for: path)
        let temporary = temporaryPath(for: path)
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw Self.error(errno, "create", target) }
        var keep = false
        defer {
            close(output)
            if !keep { unlink(temporary) }
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        var copied: Int64 = 0
        while true {
            let count = Glibc.read(source, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw FetchError.io("read", path: localPath, errno: errno)
            }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = write(output, buffer.baseAddress! + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Self.error(errno, "write", target)
                }
                written += result
            }
            copied += Int64(count)
            guard progress(copied) else { throw FetchError.cancelled(target.url) }
        }
        guard fsync(output) == 0 else { throw Self.error(errno, "sync", target) }
        guard rename(temporary, folder + path) == 0 else { throw Self.error(errno, "rename into", target) }
        keep = true
    }

    public func remove(_ path: String) throws(FetchError) {
        guard unlink(folder + path) == 0 || errno == ENOENT else {
            throw Self.error(errno, "remove", root.appending(path))
        }
    }

    public func readSmallFile(_ path: String, maxBytes: Int) throws(FetchError) -> Data? {
        guard let size = try size(of: path) else { return nil }
        guard size <= maxBytes else {
            throw FetchError(
                .tooLarge, url: root.appending(path).url, "\(root.appending(path)) is larger than \(maxBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: folder + path) else {
            throw Self.error(errno, "read", root.appending(path))
        }
        return data
    }

    public func writeSmallFile(_ path: String, _ data: Data) throws(FetchError) {
        try makeFolders(for: path)
        let temporary = temporaryPath(for: path)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw FetchError(
                .io, url: root.appending(path).url,
                "cannot write \(root.appending(path)): \(error.localizedDescription)")
        }
        guard rename(temporary, folder + path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.error(code, "rename into", root.appending(path))
        }
    }

    // MARK: Helpers

    /// Temporary files start with this; listings skip them.
    static let temporaryPrefix = ".isofleet-upload-"
    private static let chunkSize = 4 << 20

    private func temporaryPath(for path: String) -> String {
        let location = root.appending(path)
        let parent = location.parentFolder.path
        return parent + Self.temporaryPrefix + location.name + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    private func makeFolders(for path: String) throws(FetchError) {
        let parent = root.appending(path).parentFolder.path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw FetchError(.io, url: root.url, "cannot create folder \(parent): \(error.localizedDescription)")
        }
    }

    /// An error for `errno` while doing `operation` on `location`, with the code callers branch on.
    static func error(_ code: Int32, _ operation: String, _ location: RemoteLocation) -> FetchError {
        let kind: FetchError.Code =
            switch code {
            case ENOENT, ENOTDIR: .notFound
            case EACCES, EPERM, EROFS: .accessDenied
            case ENOSPC, EDQUOT: .noSpace
            // EIO, ESTALE, ETIMEDOUT…: the share is in trouble; worth another try.
            default: .network
            }
        return FetchError(
            kind, url: location.url, "cannot \(operation) \(location): \(String(cString: strerror(code)))")
    }

    /// An open local file.
    private final class Reader: RemoteFileReader {
        let descriptor: Int32
        let size: Int64
        let location: RemoteLocation

        init(descriptor: Int32, size: Int64, location: RemoteLocation) {
            self.descriptor = descriptor
            self.size = size
            self.location = location
        }

        deinit { close(descriptor) }

        func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(FetchError) -> Int {
            while true {
                let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
                if count >= 0 { return count }
                if errno != EINTR { throw LocalShare.error(errno, "read", location) }
            }
        }
    }
}
