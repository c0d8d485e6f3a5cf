public import Foundation

/// A folder of an SMB share, `smb://[user@]host[:port]/share/path/`, reached through
/// libsmbclient over SMB2_10 to SMB3 (never SMB1), without a kernel mount.
///
/// - Credentials come from ``SMBCredentials`` (`smb.user`, `smb.password_file`); a user in the
///   URL takes the place of `smb.user`. The password never appears in a URL, a message or a log.
///   No Kerberos; a wrong password fails (no fallback to an anonymous session).
/// - Opening the store connects, logs in and checks the share: a wrong user or password is
///   `.accessDenied`, a missing share `.notFound`, a closed port `.network`. Every call may wait
///   the larger of ``FetchSettings/connectTimeout`` and ``FetchSettings/lowSpeedTime`` for an
///   answer.
/// - Uploads write a temporary name in the target's folder, then rename it over the target:
///   the final name only ever holds a complete file. (libsmbclient's rename removes a file
///   already at the target just before renaming, so for that moment the name is absent.)
/// - One libsmbclient context per store; open readers share it. Calls from several threads are
///   serialised under one process-wide lock: Debian's libsmbclient has no thread support, so
///   even two contexts must not run at once (``SMBSession``).
public final class SMBShare: RemoteStore, StagedWriting {
    public let root: RemoteLocation
    let session: SMBSession

    /// Connects to `root`'s server (after `fetch.hostPolicy` allows it) and logs in to its share.
    public init(root: RemoteLocation, credentials: SMBCredentials, fetch: FetchSettings) throws(FetchError) {
        let folderLocation = root.asFolder
        self.root = folderLocation
        try fetch.hostPolicy.check(host: root.host, for: folderLocation)
        session = try SMBSession.connect(folderLocation, credentials: credentials, fetch: fetch)
    }

    public func listFiles() throws(FetchError) -> [RemoteEntry] {
        var found: [RemoteEntry] = []
        try session.locked { (session) throws(FetchError) in
            try session.listFiles("", skippingPrefix: LocalShare.temporaryPrefix, into: &found)
        }
        return found.sorted { $0.path < $1.path }
    }

    public func size(of path: String) throws(FetchError) -> Int64? {
        try session.locked { (session) throws(FetchError) in try session.fileSize(path) }
    }

    public func openForReading(_ path: String) throws(FetchError) -> any RemoteFileReader {
        let (handle, size) = try session.locked { (session) throws(FetchError) in
            let handle = try session.open(path, flags: O_RDONLY)
            do throws(FetchError) {
                return (handle, try session.size(of: handle, path))
            } catch {
                try? session.close(handle, path)
                throw error
            }
        }
        return SMBFileReader(share: self, handle: handle, path: path, size: size)
    }

    /// Writes `localPath` to a temporary name beside `path` in 4 MiB writes, then renames it to
    /// `path`.
    public func upload(
        from localPath: String, to path: String, sha256: String, progress: (Int64) -> Bool
    ) throws(FetchError) {
        try uploadStaged(from: localPath, to: path, progress: progress)
    }

    public func remove(_ path: String) throws(FetchError) {
        _ = try session.locked { (session) throws(FetchError) in try session.remove(path) }
    }

    public func writeSmallFile(_ path: String, _ data: Data) throws(FetchError) {
        try writeSmallFileStaged(path, data)
    }

    // MARK: Writing through a temporary name (StagedWriting)

    static let writeSize = 4 << 20

    func createStaged(_ temporary: String, in parent: String) throws(FetchError) -> SMBFileHandle {
        try session.locked { (session) throws(FetchError) in
            try session.makeFolders(parent)
            return try session.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        }
    }

    func writeStaged(
        _ handle: SMBFileHandle, _ temporary: String, at offset: Int64, _ chunk: UnsafeRawBufferPointer
    ) throws(FetchError) {
        // Chunks come in order, so the file's own position is `offset`.
        try session.locked { (session) throws(FetchError) in try session.write(handle, temporary, chunk) }
    }

    func commitStaged(_ handle: SMBFileHandle, _ temporary: String, to path: String) throws(FetchError) {
        try session.locked { (session) throws(FetchError) in
            do throws(FetchError) {
                try session.close(handle, temporary)
                try session.rename(temporary, to: path)
            } catch {
                _ = try? session.remove(temporary)
                throw error
            }
        }
    }

    func discardStaged(_ handle: SMBFileHandle, _ temporary: String) {
        _ = try? session.locked { (session) throws(FetchError) in
            try? session.close(handle, temporary)
            _ = try? session.remove(temporary)
        }
    }
}
