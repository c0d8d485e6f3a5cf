public import Foundation

/// A folder on remote storage (an S3 prefix, an SMB share's folder, an NFS export's folder, a
/// mounted share): what isofleet reads images from (sources, imports) and mirrors its repository
/// to (`storage.mirrors`). One implementation per ``RemoteLocation/Scheme``; ``RemoteAccess``
/// opens the right one for a URL.
///
/// Every call blocks its thread (libsmbclient, libnfs and libcurl are synchronous): call it
/// through `OffPool`, never on the cooperative pool. Paths are relative to ``root``
/// (`ubuntu/ubuntu-24.04-live-server-amd64.iso`). Errors are ``FetchError``s that name the URL:
/// `.accessDenied` (wrong credentials, no permission), `.notFound`, `.noSpace`, `.network`,
/// `.timeout`.
public protocol RemoteStore: AnyObject, Sendable {
    /// The folder this store was opened at, without credentials.
    var root: RemoteLocation { get }

    /// Every file below the root, in all subfolders, with paths relative to it.
    func listFiles() throws(FetchError) -> [RemoteEntry]

    /// The size of the file at `path`, nil when there is none.
    func size(of path: String) throws(FetchError) -> Int64?

    /// Opens the file at `path` for reading; `.notFound` when there is none.
    func openForReading(_ path: String) throws(FetchError) -> any RemoteFileReader

    /// Writes the local file `localPath` to `path` so that it appears whole or not at all: a
    /// temporary name then a rename (SMB, NFS, file), a multipart upload completed last (S3).
    /// A file already at `path` is replaced. `sha256` (the local file's, 64 hex digits) is kept
    /// with the object where the protocol has metadata (S3).
    /// - Parameter progress: bytes sent so far; returning false cancels the upload (`.cancelled`),
    ///   which leaves nothing at `path` and removes the temporary data.
    func upload(
        from localPath: String, to path: String, sha256: String, progress: (Int64) -> Bool
    ) throws(FetchError)

    /// Removes the file at `path`; nothing happens when it is already gone.
    func remove(_ path: String) throws(FetchError)

    /// Reads a small file whole (an inventory, a lease); nil when it does not exist, `.tooLarge`
    /// past `maxBytes`.
    func readSmallFile(_ path: String, maxBytes: Int) throws(FetchError) -> Data?

    /// Writes a small file whole, replacing what is there, all or nothing.
    func writeSmallFile(_ path: String, _ data: Data) throws(FetchError)
}

extension RemoteStore {
    /// Reads the file through ``size(of:)`` and ``openForReading(_:)``: the default for stores
    /// without a cheaper whole-file read.
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
            byteCount: Int(min(reader.size, Int64(maxBytes))), alignment: 16)
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
}

/// One file found by ``RemoteStore/listFiles()``.
public struct RemoteEntry: Sendable, Hashable {
    /// The path relative to the store's root (`dir/name.iso`).
    public var path: String
    public var size: Int64
    /// When the file was last modified, where the storage says (`manifest build` dates its
    /// manifest by the newest file); nil when unknown.
    public var modified: Date?

    public init(path: String, size: Int64, modified: Date? = nil) {
        self.path = path
        self.size = size
        self.modified = modified
    }

    /// The last path component.
    public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
}

/// An open remote file. Blocking reads at any offset; closed when released.
public protocol RemoteFileReader: AnyObject {
    /// The file's size when it was opened.
    var size: Int64 { get }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer`; returns how many were read,
    /// 0 at the end of the file.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(FetchError) -> Int
}
