import Foundation

/// A ``RemoteStore`` that writes a file under a temporary name beside its target, in chunks, and
/// renames it over the target once complete (``SMBShare``, ``NFSExport``): the final name only
/// ever holds a whole file. The store gives four primitives; this extension gives the uploads.
///
/// The store's library lock is taken inside each primitive, never across a chunk read or a
/// progress callback: a mirror sync renews its lease on the same share from that callback.
protocol StagedWriting: RemoteStore {
    associatedtype StagedHandle

    /// Bytes per remote write, and per local read when uploading.
    static var writeSize: Int { get }

    /// Creates the folders `parent` (relative to the root, "" or ending in "/") and opens the new
    /// file `temporary` for writing.
    func createStaged(_ temporary: String, in parent: String) throws(FetchError) -> StagedHandle

    /// Writes `chunk` at `offset` of the open `temporary`.
    func writeStaged(
        _ handle: StagedHandle, _ temporary: String, at offset: Int64, _ chunk: UnsafeRawBufferPointer
    ) throws(FetchError)

    /// Makes `temporary` durable, closes it and renames it to `path`. On failure it leaves nothing
    /// behind: the handle closed and `temporary` removed.
    func commitStaged(_ handle: StagedHandle, _ temporary: String, to path: String) throws(FetchError)

    /// Closes `handle` and removes `temporary`, ignoring errors: the write is being abandoned.
    func discardStaged(_ handle: StagedHandle, _ temporary: String)
}

extension StagedWriting {
    /// ``RemoteStore/upload(from:to:sha256:progress:)`` through a temporary name.
    func uploadStaged(from localPath: String, to path: String, progress: (Int64) -> Bool) throws(FetchError) {
        let source = try LocalFileChunks(path: localPath, chunkSize: Self.writeSize)
        let target = root.appending(path)
        try writeStaged(path, next: source.next) { sent throws(FetchError) in
            guard progress(sent) else { throw FetchError.cancelled(target.url) }
        }
    }

    /// ``RemoteStore/writeSmallFile(_:_:)`` through a temporary name.
    func writeSmallFileStaged(_ path: String, _ data: Data) throws(FetchError) {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 16)
        defer { bytes.deallocate() }
        data.copyBytes(to: bytes)
        var offset = 0
        try writeStaged(path) { () throws(FetchError) -> UnsafeRawBufferPointer? in
            guard offset < bytes.count else { return nil }
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<min(bytes.count, offset + Self.writeSize)])
            offset += chunk.count
            return chunk
        } progress: { _ throws(FetchError) in
        }
    }

    /// Writes the chunks `next` returns to a temporary name beside `path` and renames it to
    /// `path`. Any failure (or a throwing `progress`) removes the temporary file and leaves `path`
    /// as it was.
    private func writeStaged(
        _ path: String, next: () throws(FetchError) -> UnsafeRawBufferPointer?,
        progress: (Int64) throws(FetchError) -> Void
    ) throws(FetchError) {
        let name = root.appending(path).name
        let parent = String(path.prefix(path.count - name.count))
        let temporary =
            parent + LocalShare.temporaryPrefix + name + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let handle = try createStaged(temporary, in: parent)
        do throws(FetchError) {
            var sent: Int64 = 0
            while let chunk = try next() {
                try writeStaged(handle, temporary, at: sent, chunk)
                sent += Int64(chunk.count)
                try progress(sent)
            }
        } catch {
            discardStaged(handle, temporary)
            throw error
        }
        try commitStaged(handle, temporary, to: path)
    }
}
