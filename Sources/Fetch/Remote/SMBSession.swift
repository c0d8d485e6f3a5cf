import CSMBClient
import Foundation
import Synchronization

/// One libsmbclient context (SMB2_10 to SMB3, no Kerberos): the synchronous calls ``SMBShare``
/// makes, through the context's function pointers (never the process-global `smbc_*` API), with
/// their `-1`/`errno` results turned into ``FetchError``s that name the smb:// URL.
///
/// Not thread-safe: Debian's libsmbclient is built without thread support (`smbc_thread_posix`
/// is not exported), so its talloc stack frames and configuration are process globals that two
/// threads must never touch at once, whichever contexts they use. Every call of every session
/// therefore runs under ``library``, which is why it is `@unchecked Sendable`. Paths given to it
/// are relative to the store's folder.
final class SMBSession: @unchecked Sendable {
    /// The one lock every libsmbclient call of the process runs under.
    static let library = Mutex(())

    private let context: UnsafeMutablePointer<SMBCCTX>
    /// The credentials the auth callback hands out, retained until the context is freed.
    private let login: Unmanaged<SMBLogin>
    /// The store's folder, for messages (`smb://host:port/share/dir/`).
    let root: RemoteLocation
    /// `smb://host:port`, what libsmbclient's URLs start with (no user: the callback supplies it).
    private let server: String

    private init(context: UnsafeMutablePointer<SMBCCTX>, login: Unmanaged<SMBLogin>, root: RemoteLocation) {
        self.context = context
        self.login = login
        self.root = root
        let host = root.host.contains(":") ? "[\(root.host)]" : root.host
        server = "smb://\(host)" + (root.port.map { ":\($0)" } ?? "")
    }

    deinit {
        // 1: close the connections even with files still open.
        Self.library.withLock { _ in _ = smbc_free_context(context, 1) }
        login.release()
    }

    /// Runs `body` with this session under the library lock.
    func locked<T: Sendable>(_ body: (SMBSession) throws(FetchError) -> T) throws(FetchError) -> T {
        try Self.library.withLock { (_) throws(FetchError) in try body(self) }
    }

    /// Creates a context for `root`'s server and checks that its share exists and lets the user
    /// in (`.accessDenied` for a wrong user or password, `.notFound` for a missing share). Blocking.
    static func connect(
        _ root: RemoteLocation, credentials: SMBCredentials, fetch: FetchSettings
    ) throws(FetchError)
        -> SMBSession
    {
        let login = Unmanaged.passRetained(
            SMBLogin(
                user: root.user ?? credentials.user ?? "", password: credentials.password ?? "",
                workgroup: credentials.workgroup ?? "WORKGROUP"))
        let context: UnsafeMutablePointer<SMBCCTX>
        do throws(FetchError) {
            context = try library.withLock { (_) throws(FetchError) in
                SMBContextPointer(
                    try makeContext(root, login: login, timeout: max(fetch.connectTimeout, fetch.lowSpeedTime)))
            }.pointer
        } catch {
            login.release()
            throw error
        }
        let session = SMBSession(context: context, login: login, root: root)
        try session.locked { (session) throws(FetchError) in try session.checkShare() }
        return session
    }

    /// A new, initialised context that logs in as `login`. Under ``library``.
    private static func makeContext(
        _ root: RemoteLocation, login: Unmanaged<SMBLogin>, timeout: Duration
    )
        throws(FetchError) -> UnsafeMutablePointer<SMBCCTX>
    {
        guard let context = smbc_new_context() else {
            throw FetchError(.io, url: root.url, "\(root): cannot create an SMB client context")
        }
        smbc_setOptionUserData(context, login.toOpaque())
        smbc_setFunctionAuthDataWithContext(context, smbAuthenticate)
        _ = smbc_setOptionProtocols(context, "SMB2_10", "SMB3")
        smbc_setOptionUseKerberos(context, 0)
        smbc_setOptionFallbackAfterKerberos(context, 0)
        smbc_setOptionUseCCache(context, 0)
        // A wrong password must fail, not fall back to an anonymous session.
        smbc_setOptionNoAutoAnonymousLogin(context, login.takeUnretainedValue().user.isEmpty ? 0 : 1)
        smbc_setDebug(context, 0)
        // Calls may stall on a broken server for as long as a transfer may stay below the
        // low-speed limit; a refused connection fails at once.
        smbc_setTimeout(context, milliseconds(timeout))
        guard smbc_init_context(context) != nil else {
            let code = errno
            smbc_free_context(context, 1)
            throw FetchError(
                .io, url: root.url, "\(root): cannot start the SMB client: \(String(cString: strerror(code)))")
        }
        return context
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(
            clamping: max(1, min(3600, duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)))
                * 1000)
    }

    /// The share's name (the first path component).
    var shareName: String { root.path.split(separator: "/").first.map(String.init) ?? "" }

    /// Stats the share's top folder: connects, logs in and connects the share.
    private func checkShare() throws(FetchError) {
        var info = Glibc.stat()
        let shareURL = server + "/" + Self.encode(shareName)
        guard smbc_getFunctionStat(context)(context, shareURL, &info) == 0 else {
            let code = errno
            let host = root.host + (root.port.map { ":\($0)" } ?? "")
            if code == ENOENT {
                throw FetchError(
                    .notFound, url: root.url, "\(root): the server \(host) has no share named \"\(shareName)\"")
            }
            throw error(code, "connect to share \"\(shareName)\" of", "")
        }
    }

    // MARK: Calls

    /// The libsmbclient URL of `relative` (percent-encoded; libsmbclient decodes it).
    private func url(_ relative: String) -> String { server + Self.encode(root.appending(relative).path) }

    private static func encode(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#%")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// What `relative` is, nil when there is nothing there.
    func stat(_ relative: String) throws(FetchError) -> stat? {
        var info = Glibc.stat()
        guard smbc_getFunctionStat(context)(context, url(relative), &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw error(errno, "stat", relative)
        }
        return info
    }

    /// The size of the regular file `relative`, nil when there is none.
    func fileSize(_ relative: String) throws(FetchError) -> Int64? {
        guard let info = try stat(relative), info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Every regular file below `relative` (a folder path ending with `/`, or empty), recursively,
    /// skipping `.`, `..` and names starting with `skippingPrefix`.
    func listFiles(_ relative: String, skippingPrefix: String, into found: inout [RemoteEntry]) throws(FetchError) {
        guard let directory = smbc_getFunctionOpendir(context)(context, url(relative)) else {
            throw error(errno, "list", relative)
        }
        var folders: [String] = []
        while let entry = smbc_getFunctionReaddirPlus(context)(context, directory) {
            guard let namePointer = entry.pointee.name else { continue }
            let name = String(cString: namePointer)
            if name == "." || name == ".." || name.hasPrefix(skippingPrefix) { continue }
            if entry.pointee.attrs & Self.directoryAttribute != 0 {
                folders.append(relative + name + "/")
            } else {
                found.append(RemoteEntry(path: relative + name, size: Int64(clamping: entry.pointee.size)))
            }
        }
        _ = smbc_getFunctionClosedir(context)(context, directory)
        for folder in folders { try listFiles(folder, skippingPrefix: skippingPrefix, into: &found) }
    }

    /// FILE_ATTRIBUTE_DIRECTORY in `libsmb_file_info.attrs`.
    private static let directoryAttribute: UInt16 = 0x10

    /// Opens `relative` with `flags` (`O_RDONLY`, or `O_WRONLY | O_CREAT | O_TRUNC`).
    func open(_ relative: String, flags: Int32) throws(FetchError) -> SMBFileHandle {
        guard let file = smbc_getFunctionOpen(context)(context, url(relative), flags, 0o644) else {
            throw error(errno, flags == O_RDONLY ? "open" : "create", relative)
        }
        return SMBFileHandle(file)
    }

    /// The size of an open file.
    func size(of handle: SMBFileHandle, _ relative: String) throws(FetchError) -> Int64 {
        var info = Glibc.stat()
        guard smbc_getFunctionFstat(context)(context, handle.pointer, &info) == 0 else {
            throw error(errno, "stat", relative)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FetchError(.notFound, url: root.appending(relative).url, "\(root.appending(relative)) is not a file")
        }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    func read(
        _ handle: SMBFileHandle, _ relative: String, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer
    )
        throws(FetchError) -> Int
    {
        // lseek only sets the handle's offset (no round trip); SMB has no pread.
        guard smbc_getFunctionLseek(context)(context, handle.pointer, off_t(offset), SEEK_SET) >= 0 else {
            throw error(errno, "seek in", relative)
        }
        var total = 0
        while total < buffer.count {
            let count = smbc_getFunctionRead(context)(
                context, handle.pointer, buffer.baseAddress! + total, buffer.count - total)
            if count < 0 { throw error(errno, "read", relative) }
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// Writes all of `bytes` at the handle's current offset.
    func write(_ handle: SMBFileHandle, _ relative: String, _ bytes: UnsafeRawBufferPointer) throws(FetchError) {
        var written = 0
        while written < bytes.count {
            let count = smbc_getFunctionWrite(context)(
                context, handle.pointer, bytes.baseAddress! + written, bytes.count - written)
            if count <= 0 { throw error(count < 0 ? errno : EIO, "write", relative) }
            written += count
        }
    }

    /// Closes `handle`; a failure (the last buffered write refused) is an error for a written file.
    func close(_ handle: SMBFileHandle, _ relative: String) throws(FetchError) {
        guard smbc_getFunctionClose(context)(context, handle.pointer) == 0 else {
            throw error(errno, "close", relative)
        }
    }

    /// Renames `relative` to `target`, replacing a file there (libsmbclient removes it first).
    func rename(_ relative: String, to target: String) throws(FetchError) {
        guard smbc_getFunctionRename(context)(context, url(relative), context, url(target)) == 0 else {
            throw error(errno, "rename into", target)
        }
    }

    /// Removes the file `relative`; false when it was not there.
    @discardableResult
    func remove(_ relative: String) throws(FetchError) -> Bool {
        guard smbc_getFunctionUnlink(context)(context, url(relative)) == 0 else {
            if errno == ENOENT { return false }
            throw error(errno, "remove", relative)
        }
        return true
    }

    /// Creates the folder `relative` (ending with `/`) and every missing folder above it, up to
    /// the share (the store's own folder included).
    func makeFolders(_ relative: String) throws(FetchError) {
        let components = root.appending(relative).path.split(separator: "/").dropFirst()
        var path = "/" + shareName + "/"
        for component in components {
            path += component + "/"
            guard smbc_getFunctionMkdir(context)(context, server + Self.encode(path), 0o755) != 0 else { continue }
            let code = errno
            if code == EEXIST { continue }
            // Some servers refuse with EACCES a folder that exists but the user may not create.
            var info = Glibc.stat()
            if smbc_getFunctionStat(context)(context, server + Self.encode(path), &info) == 0,
                info.st_mode & S_IFMT == S_IFDIR
            {
                continue
            }
            throw Self.error(
                code, "create folder",
                RemoteLocation(scheme: .smb, host: root.host, port: root.port, user: root.user, path: path, query: nil))
        }
    }

    // MARK: Errors

    /// An error for `errno` `code` while doing `operation` on `relative`.
    func error(_ code: Int32, _ operation: String, _ relative: String) -> FetchError {
        Self.error(code, operation, relative.isEmpty ? root : root.appending(relative))
    }

    /// An error for `errno` `code` while doing `operation` on `location`, with the code callers
    /// branch on. The password never appears: the URL carries none.
    static func error(_ code: Int32, _ operation: String, _ location: RemoteLocation) -> FetchError {
        let (kind, reason): (FetchError.Code, String) =
            switch code {
            case EACCES, EPERM:
                (.accessDenied, "access denied (wrong user or password, or no permission)")
            case ENOENT, ENOTDIR: (.notFound, location.isFolder ? "no such folder" : "no such file")
            case ENOSPC, EDQUOT: (.noSpace, "the share is full")
            case ETIMEDOUT: (.timeout, "the server did not answer in time")
            case ECONNREFUSED: (.network, "connection refused (no SMB server on that port)")
            case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN: (.network, "the server cannot be reached")
            case ECONNABORTED, ECONNRESET, EPIPE, ENOTCONN: (.network, "the connection to the server was lost")
            // EIO and the rest: the server or the path to it is in trouble; worth another try.
            default: (.network, String(cString: strerror(code)))
            }
        return FetchError(kind, url: location.url, "cannot \(operation) \(location): \(reason)")
    }
}

/// A new context on its way out of ``SMBSession/library``'s lock, before any session owns it.
private struct SMBContextPointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<SMBCCTX>
    init(_ pointer: UnsafeMutablePointer<SMBCCTX>) { self.pointer = pointer }
}

/// An `SMBCFILE` pointer, used only under ``SMBSession/library``'s lock.
struct SMBFileHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
