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
/// - Reads work over v3 and v4 (at most 1 MiB per call over v4: libnfs 4.0 fails larger ones).
///   Writes (``upload(from:to:sha256:progress:)``, ``writeSmallFile(_:_:)``, ``remove(_:)``) work
///   over NFSv3 only: libnfs 4.0's v4 writes are broken, so a v4 URL refuses them with
///   `.invalidRequest`.
/// - One libnfs context per store, guarded by a mutex: calls from several threads are
///   serialised. Open readers share it.
public final class NFSExport: RemoteStore, StagedWriting {
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
        try uploadStaged(from: localPath, to: path, progress: progress)
    }

    public func remove(_ path: String) throws(FetchError) {
        try refuseVersion4Writes()
        try session.withLock { (session) throws(FetchError) in _ = try session.remove(path) }
    }

    /// NFSv3 only.
    public func writeSmallFile(_ path: String, _ data: Data) throws(FetchError) {
        try writeSmallFileStaged(path, data)
    }

    // MARK: Helpers

    /// Bytes per `nfs_pread` over NFSv4: libnfs 4.0 fails larger v4 reads. v3 reads of any size
    /// work (libnfs splits them into parallel requests of the server's maximum).
    static let version4ReadSize = 1 << 20
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

    // MARK: Writing through a temporary name (StagedWriting)

    /// Refuses NFSv4 (every staged write starts here).
    func createStaged(_ temporary: String, in parent: String) throws(FetchError) -> NFSFileHandle {
        try refuseVersion4Writes()
        return try session.withLock { (session) throws(FetchError) in
            try session.makeFolders(parent)
            return NFSFileHandle(try session.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC))
        }
    }

    func writeStaged(
        _ handle: NFSFileHandle, _ temporary: String, at offset: Int64, _ chunk: UnsafeRawBufferPointer
    ) throws(FetchError) {
        try session.withLock { (session) throws(FetchError) in
            try session.write(handle.pointer, temporary, at: offset, chunk)
        }
    }

    func commitStaged(_ handle: NFSFileHandle, _ temporary: String, to path: String) throws(FetchError) {
        try session.withLock { (session) throws(FetchError) in
            do throws(FetchError) {
                let synced = Result { () throws(FetchError) in try session.sync(handle.pointer, temporary) }
                session.close(handle.pointer)
                try synced.get()
                try session.rename(temporary, to: path)
            } catch {
                _ = try? session.remove(temporary)
                throw error
            }
        }
    }

    func discardStaged(_ handle: NFSFileHandle, _ temporary: String) {
        session.withLock { (session) in
            session.close(handle.pointer)
            _ = try? session.remove(temporary)
        }
    }
}

/// An `nfsfh` pointer, used only under ``NFSExport/session``'s lock.
struct NFSFileHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// A file of an ``NFSExport`` open for reading; closed when released. Reads go through the
/// export's locked context, at most 1 MiB per call over NFSv4.
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
        let limit = export.isVersion4 ? NFSExport.version4ReadSize : buffer.count
        let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, limit)])
        return try export.session.withLock { (session) throws(FetchError) in
            try session.read(handle.pointer, path, at: offset, into: wanted)
        }
    }
}
