import CNFS
import Foundation

/// One mounted libnfs 4.0 context: the synchronous calls ``NFSExport`` makes, with their `-errno`
/// results turned into ``FetchError``s that name the nfs:// URL.
///
/// Not thread-safe (libnfs contexts are not): only used inside ``NFSExport``'s mutex, which is
/// why it is `@unchecked Sendable`. Paths given to it are relative to the store's folder; it
/// prefixes the folder inside the mounted export.
final class NFSSession: @unchecked Sendable {
    /// The libnfs context, mounted.
    private let context: OpaquePointer
    /// The store's folder, for messages (`nfs://host/export/dir/`).
    let root: RemoteLocation
    /// The folder inside the mounted export, `/` or `/dir/sub/`.
    private let folder: String

    private init(context: OpaquePointer, root: RemoteLocation, folder: String) {
        self.context = context
        self.root = root
        self.folder = folder
    }

    deinit {
        nfs_umount(context)
        nfs_destroy_context(context)
    }

    /// The path libnfs sees for `relative` (`/dir/sub/` + `a/b.iso`).
    func exportPath(_ relative: String) -> String { folder + relative.drop { $0 == "/" } }

    // MARK: Mounting

    /// Mounts the longest leading part of `root`'s path that the server exports, keeping the
    /// rest as the folder inside it: `nfs://filer/export/isos/` mounts `/export/isos` when the
    /// server allows that, else `/export` with the folder `isos/`. Stops at the first failure that
    /// is not "no such export" (a refused connection, a timeout).
    static func mount(_ root: RemoteLocation, fetch: FetchSettings) throws(FetchError) -> NFSSession {
        let components = root.path.split(separator: "/").map(String.init)
        var lastFailure: FetchError?
        for count in stride(from: components.count, through: 1, by: -1) {
            let exportPath = "/" + components[..<count].joined(separator: "/")
            guard let context = nfs_init_context() else {
                throw FetchError(.io, url: root.url, "\(root): cannot create an NFS client context")
            }
            nfs_set_timeout(context, milliseconds(fetch.connectTimeout))
            guard let url = nfs_parse_url_dir(context, libnfsURL(root, exportPath: exportPath)) else {
                let message = errorText(context) ?? "malformed URL"
                nfs_destroy_context(context)
                throw FetchError(.invalidRequest, url: root.url, "\(root): \(message)")
            }
            let result = nfs_mount(context, url.pointee.server, url.pointee.path)
            nfs_destroy_url(url)
            if result == 0 {
                // Calls after the mount may stall on a broken server for as long as a transfer
                // may stay below the low-speed limit.
                nfs_set_timeout(context, milliseconds(max(fetch.connectTimeout, fetch.lowSpeedTime)))
                let rest = components[count...].map { $0 + "/" }.joined()
                return NFSSession(context: context, root: root, folder: "/" + rest)
            }
            let failure = error(result, "mount \(exportPath) for", root, detail: errorText(context))
            nfs_destroy_context(context)
            lastFailure = failure
            // v3 answers a path it does not export with MNT3ERR_ACCES, v4 with NFS4ERR_NOENT.
            guard [EACCES, EPERM, ENOENT, ENOTDIR].contains(-result) else { throw failure }
        }
        // The shortest path's failure: the export itself is what the server refused.
        throw lastFailure ?? FetchError(.invalidRequest, url: root.url, "\(root) names no export")
    }

    /// The URL handed to libnfs 4.0: the export path only, and the port (which 4.0 cannot parse
    /// after the host) as its `nfsport` argument.
    private static func libnfsURL(_ root: RemoteLocation, exportPath: String) -> String {
        var arguments = root.query.map { [$0] } ?? []
        if let port = root.port, !(root.query ?? "").split(separator: "&").contains(where: { $0.hasPrefix("nfsport=") })
        {
            arguments.append("nfsport=\(port)")
        }
        let host = root.host.contains(":") ? "[\(root.host)]" : root.host
        return "nfs://\(host)\(exportPath)" + (arguments.isEmpty ? "" : "?" + arguments.joined(separator: "&"))
    }

    /// libnfs timeouts are whole seconds, in milliseconds.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(max(1, min(3600, duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)))) * 1000
    }

    // MARK: Calls

    /// Every regular file below `relative` (a folder path ending with `/`, or empty), recursively,
    /// skipping `.`, `..` and names starting with `skippingPrefix`.
    func listFiles(_ relative: String, skippingPrefix: String, into found: inout [RemoteEntry]) throws(FetchError) {
        var directory: OpaquePointer?
        let result = nfs_opendir(context, exportPath(relative), &directory)
        guard result == 0, let directory else { throw failure(result, "list", relative) }
        defer { nfs_closedir(context, directory) }
        var folders: [String] = []
        while let entry = nfs_readdir(context, directory) {
            let name = String(cString: entry.pointee.name)
            if name == "." || name == ".." || name.hasPrefix(skippingPrefix) { continue }
            switch entry.pointee.mode & UInt32(Glibc.S_IFMT) {
            case UInt32(Glibc.S_IFDIR): folders.append(relative + name + "/")
            case UInt32(Glibc.S_IFREG):
                found.append(RemoteEntry(path: relative + name, size: Int64(entry.pointee.size)))
            default: continue
            }
        }
        for subfolder in folders { try listFiles(subfolder, skippingPrefix: skippingPrefix, into: &found) }
    }

    /// The size of the regular file at `relative`; nil when nothing (or no regular file) is there.
    func size(of relative: String) throws(FetchError) -> Int64? {
        var info = nfs_stat_64()
        let result = nfs_stat64(context, exportPath(relative), &info)
        if result == -ENOENT || result == -ENOTDIR { return nil }
        guard result == 0 else { throw failure(result, "stat", relative) }
        return info.nfs_mode & UInt64(Glibc.S_IFMT) == UInt64(Glibc.S_IFREG) ? Int64(info.nfs_size) : nil
    }

    /// Opens `relative` with `flags` (O_RDONLY, or O_WRONLY|O_CREAT|O_TRUNC for an upload).
    func open(_ relative: String, flags: Int32) throws(FetchError) -> OpaquePointer {
        var handle: OpaquePointer?
        let result =
            flags & O_CREAT != 0
            ? nfs_open2(context, exportPath(relative), flags, 0o644, &handle)
            : nfs_open(context, exportPath(relative), flags, &handle)
        guard result == 0, let handle else { throw failure(result, "open", relative) }
        return handle
    }

    func close(_ handle: OpaquePointer) { nfs_close(context, handle) }

    /// The size of the open file.
    func size(of handle: OpaquePointer, _ relative: String) throws(FetchError) -> Int64 {
        var info = nfs_stat_64()
        let result = nfs_fstat64(context, handle, &info)
        guard result == 0 else { throw failure(result, "stat", relative) }
        return Int64(info.nfs_size)
    }

    /// One `nfs_pread` (libnfs 4.0 order: offset, count, buffer).
    func read(
        _ handle: OpaquePointer, _ relative: String, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer
    )
        throws(FetchError) -> Int
    {
        let result = nfs_pread(context, handle, UInt64(offset), UInt64(buffer.count), buffer.baseAddress)
        guard result >= 0 else { throw failure(result, "read", relative) }
        return Int(result)
    }

    /// Writes all of `buffer` at `offset` (libnfs 4.0 order: offset, count, buffer).
    func write(
        _ handle: OpaquePointer, _ relative: String, at offset: Int64, _ buffer: UnsafeRawBufferPointer
    )
        throws(FetchError)
    {
        var done = 0
        while done < buffer.count {
            let result = nfs_pwrite(
                context, handle, UInt64(offset) + UInt64(done), UInt64(buffer.count - done),
                buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) + done })
            guard result > 0 else { throw failure(result == 0 ? -EIO : result, "write", relative) }
            done += Int(result)
        }
    }

    /// Flushes the open file to the server's disk.
    func sync(_ handle: OpaquePointer, _ relative: String) throws(FetchError) {
        let result = nfs_fsync(context, handle)
        guard result == 0 else { throw failure(result, "sync", relative) }
    }

    /// Creates every missing folder of `relative` (a folder path ending with `/`, or empty) and of
    /// the store's folder inside the export.
    func makeFolders(_ relative: String) throws(FetchError) {
        var path = ""
        for component in exportPath(relative).split(separator: "/") {
            path += "/" + component
            let result = nfs_mkdir(context, path)
            guard result == 0 || result == -EEXIST else {
                throw Self.error(
                    result, "create folder \(path) for", root.appending(relative), detail: Self.errorText(context))
            }
        }
    }

    func rename(_ from: String, to: String) throws(FetchError) {
        let result = nfs_rename(context, exportPath(from), exportPath(to))
        guard result == 0 else { throw failure(result, "rename into", to) }
    }

    /// Removes the file at `relative`; true when it was there.
    @discardableResult
    func remove(_ relative: String) throws(FetchError) -> Bool {
        let result = nfs_unlink(context, exportPath(relative))
        if result == -ENOENT { return false }
        guard result == 0 else { throw failure(result, "remove", relative) }
        return true
    }

    // MARK: Errors

    private func failure(_ result: Int32, _ operation: String, _ relative: String) -> FetchError {
        Self.error(result, operation, root.appending(relative), detail: Self.errorText(context))
    }

    /// libnfs's description of the last failure; nil when it has none (a failed `nfs_stat64`
    /// leaves it NULL).
    private static func errorText(_ context: OpaquePointer) -> String? {
        guard let text = nfs_get_error(context) else { return nil }
        let message = String(cString: text)
        return message.isEmpty ? nil : message
    }

    /// An error for the libnfs result `result` (`-errno`) of `operation` on `location`.
    static func error(
        _ result: Int32, _ operation: String, _ location: RemoteLocation, detail: String?
    )
        -> FetchError
    {
        let code = -result
        let kind: FetchError.Code =
            switch code {
            case ENOENT, ENOTDIR: .notFound
            case EACCES, EPERM, EROFS: .accessDenied
            case ENOSPC, EDQUOT: .noSpace
            // libnfs 4.0's synchronous calls report their timeout as -EINTR ("Command timed out").
            case ETIMEDOUT, EINTR: .timeout
            // EIO ("nfs_service failed": refused or broken connection), ESTALE…: worth another try.
            default: .network
            }
        let reason = code > 0 ? String(cString: strerror(code)) : "error \(result)"
        return FetchError(
            kind, url: location.url, "cannot \(operation) \(location): \(reason)" + (detail.map { " (\($0))" } ?? ""))
    }
}
