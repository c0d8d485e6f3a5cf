import CFileIO
import Digest
import Foundation

/// The incomplete file of one fetch: bytes are appended by the transfer thread in blocks, each
/// block then written by a writer thread and hashed by a hasher thread, so that receiving, writing
/// and hashing overlap and the finished file is never read again.
///
/// Blocks aligned to 4 KiB are written with `O_DIRECT` when allowed and supported: they go from
/// the block to the disk without a copy into the page cache, which is the costliest part of a
/// buffered download and would leave gigabytes of dirty pages behind. Unaligned blocks (after a
/// resume, the tail) are written through the page cache. Either way, ``finish()`` ends with `fsync`.
///
/// The owner (whoever holds the fetch) calls everything except the worker loops, from one thread at
/// a time. The file is locked (`flock`) so that two fetches cannot write it at once.
final class HashingFileWriter: @unchecked Sendable {
    // @unchecked: `queues`, `busy`, `exited`, `spare`, `stopping`, `failure` and each block's
    // `consumers` are touched only under `condition`. `hasher` belongs to the hasher thread, except
    // while the pipeline is drained (queues empty, workers idle): then the owner may read or reset
    // it, the lock hand-off ordering the accesses. `current`, `currentFill`, `currentOffset` and
    // `size` belong to the owner alone; `directDescriptor` to the writer thread (and to `close()`
    // once the workers have exited).

    /// Bytes per block handed to the workers.
    static let chunkSize = 2 << 20
    /// Blocks in flight between receiver, writer and hasher (memory per fetch = chunkSize × chunkCount).
    static let chunkCount = 6
    /// Offsets and lengths of `O_DIRECT` writes are multiples of this.
    static let alignment = 4096

    let path: String
    /// The size the file had when it was opened (a previous run's incomplete file).
    let existingSize: Int64
    /// Bytes in the file as the owner sees them: appended, possibly not yet written.
    private(set) var size: Int64 = 0

    private let descriptor: Int32
    /// The same file opened with `O_DIRECT`, nil when not wanted or not supported.
    private var directDescriptor: Int32?
    private let condition = NSCondition()
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var spare: [UnsafeMutableRawBufferPointer]
    /// Blocks waiting for each stage, in order.
    private var queues: [Stage: [Chunk]] = [.write: [], .hash: []]
    private var busy: Set<Stage> = []
    private var exited: Set<Stage> = []
    private var workersStarted = false
    private var stopping = false
    private var closed = false
    private var failure: FetchError?
    private var hasher = SHA256()
    private var current: UnsafeMutableRawBufferPointer?
    private var currentFill = 0
    /// Bytes the current block takes: less than a whole block when it starts unaligned, so that
    /// the next one starts on a 4 KiB boundary.
    private var currentCapacity = 0
    private var currentOffset: Int64 = 0

    /// The two things done to every block, each on its own thread.
    private enum Stage: CaseIterable {
        case write, hash
    }

    /// A filled block; back to `spare` once every stage is done with it.
    private final class Chunk {
        let buffer: UnsafeMutableRawBufferPointer
        let count: Int
        let offset: Int64
        var consumers = Stage.allCases.count

        init(buffer: UnsafeMutableRawBufferPointer, count: Int, offset: Int64) {
            self.buffer = buffer
            self.count = count
            self.offset = offset
        }
    }

    /// Opens (creating it and its directory if needed) and locks the incomplete file at `path`.
    /// With `directIO`, aligned blocks bypass the page cache where the file system allows it.
    init(path: String, directIO: Bool = true) throws(FetchError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("open", path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            Foundation.close(descriptor)
            if code == EWOULDBLOCK {
                throw FetchError(.io, url: nil, "\(path) is being written by another fetch")
            }
            throw .io("lock", path: path, errno: code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            Foundation.close(descriptor)
            throw .io("stat", path: path, errno: code)
        }
        self.descriptor = descriptor
        existingSize = Int64(status.st_size)
        var direct: Int32 = -1
        if directIO, ifio_open_direct(&direct, path) == 0 { directDescriptor = direct }
        buffers = (0..<Self.chunkCount).map { _ in
            .allocate(byteCount: Self.chunkSize, alignment: 4096)
        }
        spare = buffers
    }

    deinit { close() }

    // MARK: Owner side

    /// Feeds the first `length` bytes already in the file to the hash (once, when resuming) and
    /// continues after them. Polls `cancel` between blocks.
    func adoptExistingPrefix(length: Int64, cancel: CancelFlag) throws(FetchError) {
        precondition(size == 0 && current == nil, "adopt the prefix before appending")
        let buffer = buffers[0]
        var offset: Int64 = 0
        while offset < length {
            if cancel.isSet { throw .cancelled(nil) }
            let wanted = Int(min(Int64(buffer.count), length - offset))
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw count == 0
                    ? FetchError(.io, url: nil, "\(path) shrank while being read")
                    : .io("read", path: path, errno: errno)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += Int64(count)
        }
        size = length
        if ftruncate(descriptor, off_t(length)) != 0 { throw .io("truncate", path: path, errno: errno) }
    }

    /// Appends received bytes; false when the writer has failed (see ``drain()`` for why).
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var remaining = bytes
        while !remaining.isEmpty {
            if current == nil {
                condition.lock()
                while spare.isEmpty && failure == nil { condition.wait() }
                guard failure == nil else {
                    condition.unlock()
                    return false
                }
                current = spare.removeLast()
                condition.unlock()
                currentFill = 0
                currentOffset = size
                currentCapacity = Self.chunkSize - Int(size % Int64(Self.alignment))
            }
            let buffer = current!
            let count = min(currentCapacity - currentFill, remaining.count)
            (buffer.baseAddress! + currentFill).copyMemory(from: remaining.baseAddress!, byteCount: count)
            currentFill += count
            size += Int64(count)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[count...])
            if currentFill == currentCapacity { submitCurrent() }
        }
        return true
    }

    /// Waits until every appended byte is written and hashed; throws the writer's failure.
    func drain() throws(FetchError) {
        submitCurrent()
        condition.lock()
        while queues.values.contains(where: { !$0.isEmpty }) || !busy.isEmpty { condition.wait() }
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Empties the file and the hash: the next byte appended is byte zero.
    func restart() throws(FetchError) {
        try drain()
        guard ftruncate(descriptor, 0) == 0 else { throw .io("truncate", path: path, errno: errno) }
        hasher = SHA256()
        size = 0
    }

    /// Drains, syncs the file to disk and returns the SHA-256 of its bytes. The hash starts over
    /// afterwards (call ``restart()`` before appending again).
    func finish() throws(FetchError) -> String {
        try drain()
        guard fsync(descriptor) == 0 else { throw .io("sync", path: path, errno: errno) }
        var finished = SHA256()
        swap(&finished, &hasher)
        return finished.finalize()
    }

    /// Stops the worker threads and closes the file (idempotent). The file stays on disk.
    func close() {
        guard !closed else { return }
        closed = true
        condition.lock()
        stopping = true
        condition.broadcast()
        while workersStarted && exited.count < Stage.allCases.count { condition.wait() }
        condition.unlock()
        Foundation.close(descriptor)
        if let directDescriptor { Foundation.close(directDescriptor) }
        for buffer in buffers { buffer.deallocate() }
    }

    /// Closes the file, deleting it when it holds no byte.
    func closeRemovingIfEmpty() {
        guard !closed else { return }
        _ = try? drain()
        var status = stat()
        let empty = fstat(descriptor, &status) == 0 && status.st_size == 0
        if empty { unlink(path) }  // while still holding the lock
        close()
    }

    private func submitCurrent() {
        guard let buffer = current else { return }
        current = nil
        condition.lock()
        if currentFill > 0 {
            let chunk = Chunk(buffer: buffer, count: currentFill, offset: currentOffset)
            for stage in Stage.allCases { queues[stage, default: []].append(chunk) }
            startWorkersIfNeeded()
        } else {
            spare.append(buffer)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Called under `condition`.
    private func startWorkersIfNeeded() {
        guard !workersStarted else { return }
        workersStarted = true
        for stage in Stage.allCases {
            let thread = Thread { [self] in work(stage) }
            thread.name = "isofleet-fetch-\(stage)"
            thread.start()
        }
    }

    // MARK: Worker threads

    private func work(_ stage: Stage) {
        condition.lock()
        while true {
            while queues[stage, default: []].isEmpty && !stopping { condition.wait() }
            guard !queues[stage, default: []].isEmpty else { break }
            let chunk = queues[stage, default: []].removeFirst()
            busy.insert(stage)
            let skip = failure != nil
            condition.unlock()
            var error: FetchError?
            if !skip {
                switch stage {
                case .write: error = write(chunk)
                case .hash: hasher.update(UnsafeRawBufferPointer(rebasing: chunk.buffer[0..<chunk.count]))
                }
            }
            condition.lock()
            if failure == nil { failure = error }
            busy.remove(stage)
            chunk.consumers -= 1
            if chunk.consumers == 0 { spare.append(chunk.buffer) }
            condition.broadcast()
        }
        exited.insert(stage)
        condition.broadcast()
        condition.unlock()
    }

    private func write(_ chunk: Chunk) -> FetchError? {
        let aligned = chunk.offset % Int64(Self.alignment) == 0 && chunk.count % Self.alignment == 0
        if aligned, let direct = directDescriptor {
            let error = pwriteAll(direct, chunk)
            guard let error, error == EINVAL else { return error.map { .io("write", path: path, errno: $0) } }
            // The file system refused O_DIRECT after all: write through the page cache from now on.
            Foundation.close(direct)
            directDescriptor = nil
        }
        return pwriteAll(descriptor, chunk).map { .io("write", path: path, errno: $0) }
    }

    /// Writes the whole block at its offset; nil or the errno of the failure.
    private func pwriteAll(_ descriptor: Int32, _ chunk: Chunk) -> Int32? {
        var written = 0
        while written < chunk.count {
            let count = pwrite(
                descriptor, chunk.buffer.baseAddress! + written, chunk.count - written,
                off_t(chunk.offset + Int64(written)))
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return nil
    }
}
