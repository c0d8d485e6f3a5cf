public import Foundation
import Synchronization

/// A folder of an NFS export, `nfs://host[:port]/export/path/`, reached through libnfs 4.0
/// (Debian bookworm) without a kernel mount.
///
/// - The URL's path is the export and the folders below it, which a URL cannot tell apart: the
///   store mounts the longest leading part the server accepts (the whole path first, then shorter
///   ones, down to the first component) and keeps the rest as its folder inside the export.
/// - libnfs URL arguments in the query are passed on: `version=4` (default 3), `nfsport=`,
///   `mountport=` (v3 without a portmapper), `uid=`, `gid=`. A port after the host becomes
///   `nfsport`. The connection timeout is ``FetchSettings/connectTimeout``; once mounted, a call
///   may wait ``FetchSettings/lowSpeedTime`` (at least the connect timeout) for an answer.
/// - Reads work over v3 and v4 (at most 1 MiB per call: libnfs 4.0 fails larger v4 reads).
///   Writes (``upload(from:to:sha256:progress:)``, ``writeSmallFile(_:_:)``, ``remove(_:)``) work
///   over NFSv3 only: libnfs 4.0's v4 writes are broken, so a v4 URL refuses them with
///   `.invalidRequest`.
/// - One libnfs context per store, guarded by a mutex: calls from several threads are
///   serialised. Open readers share it.
public final class NFSExport: RemoteStore {
    public let root: RemoteLocation
    /// True for a `version=4` URL, which never writes.
    public let isVersion4: Bool
    let session: Mutex<NFSSession>

    /// Connects to `root`'s server (after `fetch.hostPolicy` allows it) and mounts its export.
    public init(root: RemoteLocation, fetch: FetchSettings) throws(FetchError) {
        let folderLocation = root.asFolder
        self.root = folderLocation
        isVersion4 = (root.query ?? "").split(separator: "&").contains("version=4")
        try fetch.hostPolicy.check(host: root.host, for: folderLocation)
        session = Mutex(try NFSSession.mount(folderLocation, fetch: fetch))
    }

    public func listFiles() throws(FetchError) -> [RemoteEntry] {
        var found: [RemoteEntry] = []
        try session.withLock { (session) throws(FetchError) in
            try session.listFiles("", skippingPrefix: LocalShare.temporaryPrefix, into: &found)
        }
        return found.sorted { $0.path < $1.path }
    }

    public func size(of path: String) throws(FetchError) -> Int64? {
        try session.withLock { (session) throws(FetchError) in try session.size(of: path) }
    }

    public func openForReading(_ path: String) throws(FetchError) -> any RemoteFileReader {
        let (handle, size) = try session.withLock { (session) throws(FetchError) in
            let handle = try session.open(path, flags: O_RDONLY)
            do throws(FetchError) {
                return (NFSFileHandle(handle), try session.size(of: handle, path))
            } catch {
                session.close(handle)
                throw error
            }
        }
        return NFSFileReader(export: self, handle: handle, path: path, size: size)
    }

    /// Writes `localPath` to a temporary name beside `path` in 512 KiB writes (the fastest size
    /// measured over v3), commits it, then renames it to `path`. NFSv3 only.
    public func upload(
        from localPath: String, to path: String, sha256: String, progress: (Int64) -> Bool
    ) throws(FetchError) {
        try refuseVersion4Writes()
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
        try refuseVersion4Writes()
        try session.withLock { (session) throws(FetchError) in _ = try session.remove(path) }
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
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(reader.size), alignment: 16)
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
        try refuseVersion4Writes()
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 16)
        defer { bytes.deallocate() }
        data.copyBytes(to: bytes)
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

    /// Bytes per `nfs_pread`: libnfs 4.0 fails NFSv4 reads over 1 MiB.
    static let readSize = 1 << 20
    /// Bytes per `nfs_pwrite`: 512 KiB wrote 1 GiB in 1.33 s over v3, 1 MiB in 2.93 s.
    static let writeSize = 512 << 10

    /// `.invalidRequest` for any write through an NFSv4 URL.
    private func refuseVersion4Writes() throws(FetchError) {
        guard isVersion4 else { return }
        throw FetchError(
            .invalidRequest, url: root.url,
            "\(root): NFSv4 writes do not work with Debian's libnfs 4.0; use an NFSv3 URL (without version=4) for a mirror"
        )
    }

    /// Creates the folders of `path`, writes the chunks `next` returns to a temporary name beside
    /// it, commits and renames it to `path`. Any failure (or a throwing `progress`) removes the
    /// temporary file and leaves `path` as it was.
    private func writeWhole(
        _ path: String, next: () throws(FetchError) -> UnsafeRawBufferPointer?,
        progress: (Int64) throws(FetchError) -> Void
    ) throws(FetchError) {
        let location = root.appending(path)
        let parent = String(path.prefix(path.count - location.name.count))
        let temporary =
            parent + LocalShare.temporaryPrefix + location.name + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        // The lock is taken per call, never across `next` or `progress`: the progress callback
        // of a mirror sync renews its lease on this same export.
        let handle = try session.withLock { (session) throws(FetchError) in
            try session.makeFolders(parent)
            return try session.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        }
        var open = true
        do throws(FetchError) {
            var sent: Int64 = 0
            while let chunk = try next() {
                try session.withLock { (session) throws(FetchError) in
                    try session.write(handle, temporary, at: sent, chunk)
                }
                sent += Int64(chunk.count)
                try progress(sent)
            }
            try session.withLock { (session) throws(FetchError) in
                try session.sync(handle, temporary)
                session.close(handle)
                open = false
                try session.rename(temporary, to: path)
            }
        } catch {
            session.withLock { (session) in
                if open { session.close(handle) }
                _ = try? session.remove(temporary)
            }
            throw error
        }
    }
}

/// An `nfsfh` pointer, used only under ``NFSExport/session``'s lock.
struct NFSFileHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// A file of an ``NFSExport`` open for reading; closed when released. Reads go through the
/// export's locked context, at most 1 MiB per call.
final class NFSFileReader: RemoteFileReader {
    let size: Int64
    private let export: NFSExport
    private let handle: NFSFileHandle
    private let path: String

    init(export: NFSExport, handle: NFSFileHandle, path: String, size: Int64) {
        self.export = export
        self.handle = handle
        self.path = path
        self.size = size
    }

    deinit {
        let handle = handle
        export.session.withLock { $0.close(handle.pointer) }
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(FetchError) -> Int {
        let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, NFSExport.readSize)])
        return try export.session.withLock { (session) throws(FetchError) in
            try session.read(handle.pointer, path, at: offset, into: wanted)
        }
    }
}
