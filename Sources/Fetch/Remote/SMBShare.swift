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
public final class SMBShare: RemoteStore {
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
        let source = open(localPath, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw FetchError.io("open", path: localPath, errno: errno) }
        defer { close(source) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.writeSize, alignment: 4096)
        defer { buffer.deallocate() }
        let target = root.appending(path)
        try writeWhole(path) { () throws(FetchError) -> UnsafeRawBufferPointer? in
            while true {
                let count = read(source, buffer.baseAddress, buffer.count)
                if count > 0 { return UnsafeRawBufferPointer(rebasing: buffer[..<count]) }
                if count == 0 { return nil }
                if errno != EINTR { throw FetchError.io("read", path: localPath, errno: errno) }
            }
        } progress: { sent throws(FetchError) in
            guard progress(sent) else { throw FetchError.cancelled(target.url) }
        }
    }

    public func remove(_ path: String) throws(FetchError) {
        _ = try session.locked { (session) throws(FetchError) in try session.remove(path) }
    }

    public func readSmallFile(_ path: String, maxBytes: Int) throws(FetchError) -> Data? {
        guard let size = try size(of: path) else { return nil }
        guard size <= maxBytes else {
            throw FetchError(
                .tooLarge, url: root.appending(path).url, "\(root.appending(path)) is larger than \(maxBytes) bytes")
        }
        let reader: any RemoteFileReader
        do throws(FetchError) {
            reader = try openForReading(path)
        } catch  where error.code == .notFound {
            return nil
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: Int(min(reader.size, Int64(maxBytes))), alignment: 1)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < buffer.count {
            let count = try reader.read(
                at: Int64(offset), into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
            if count == 0 { break }
            offset += count
        }
        return Data(buffer[..<offset])
    }

    public func writeSmallFile(_ path: String, _ data: Data) throws(FetchError) {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
        defer { bytes.deallocate() }
        bytes.copyBytes(from: data)
        var offset = 0
        try writeWhole(path) { () throws(FetchError) -> UnsafeRawBufferPointer? in
            guard offset < bytes.count else { return nil }
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<min(bytes.count, offset + Self.writeSize)])
            offset += chunk.count
            return chunk
        } progress: { _ throws(FetchError) in
        }
    }

    // MARK: Helpers

    /// Bytes per write (and per local read when uploading).
    static let writeSize = 4 << 20

    /// Creates the folders of `path`, writes the chunks `next` returns to a temporary name beside
    /// it and renames it to `path`. Any failure (or a throwing `progress`) removes the temporary
    /// file and leaves `path` as it was.
    private func writeWhole(
        _ path: String, next: () throws(FetchError) -> UnsafeRawBufferPointer?,
        progress: (Int64) throws(FetchError) -> Void
    ) throws(FetchError) {
        let location = root.appending(path)
        let parent = String(path.prefix(path.count - location.name.count))
        let temporary =
            parent + LocalShare.temporaryPrefix + location.name + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        // The library lock is taken per call, never across `next` or `progress`: the progress
        // callback of a mirror sync renews its lease on this same share.
        let handle = try session.locked { (session) throws(FetchError) in
            try session.makeFolders(parent)
            return try session.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        }
        var open = true
        do throws(FetchError) {
            var sent: Int64 = 0
            while let chunk = try next() {
                try session.locked { (session) throws(FetchError) in try session.write(handle, temporary, chunk) }
                sent += Int64(chunk.count)
                try progress(sent)
            }
            open = false
            try session.locked { (session) throws(FetchError) in
                try session.close(handle, temporary)
                try session.rename(temporary, to: path)
            }
        } catch {
            _ = try? session.locked { (session) throws(FetchError) in
                if open { try? session.close(handle, temporary) }
                _ = try? session.remove(temporary)
            }
            throw error
        }
    }
}
