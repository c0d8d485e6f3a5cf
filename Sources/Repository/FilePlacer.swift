public import Common
import Digest
import Foundation
public import ISOCatalog
import ISOStore

/// Puts a file at a path inside the repository so that the path never holds a partial or wrong
/// file: copies go to a hidden temporary file in the destination directory and are linked into
/// place only once complete, fsynced and (when a checksum is expected) verified; links and moves
/// are verified before the link is made. An existing different file is never overwritten.
public struct FilePlacer: Sendable {
    public let repository: Repository
    let hashing: FileHashing
    /// Bytes per `read(2)`/`write(2)` when copying.
    static let blockSize = 4 << 20

    public init(repository: Repository, hashing: @escaping FileHashing = defaultFileHashing) {
        self.repository = repository
        self.hashing = hashing
    }

    /// Places `source` at `relativePath` by `mode`.
    ///
    /// - Parameters:
    ///   - expectedSHA256: when given, the bytes must hash to it or nothing is placed.
    ///   - progress: bytes copied or hashed so far.
    /// - Throws: ``CatalogError``: `conflict` when a different file is at the path, `verification`
    ///   on a checksum mismatch or a source that changed while being read, `io` otherwise.
    public func place(
        _ source: String, at relativePath: String, mode: ImportMode, expectedSHA256: String? = nil,
        progress: ((Int64) -> Void)? = nil
    ) throws(CatalogError) -> PlacedFile {
        let destination = repository.absolutePath(of: relativePath)
        var sourceInfo = stat()
        guard stat(source, &sourceInfo) == 0 else {
            throw CatalogError(.io, "cannot read \(source)", cause: SystemError.current)
        }
        guard sourceInfo.st_mode & S_IFMT == S_IFREG else {
            throw CatalogError(.invalidInput, "\(source) is not a regular file")
        }
        let directory = (destination as NSString).deletingLastPathComponent
        let created = try createDirectories(directory)
        do {
            return try placeInto(
                directory, source: source, sourceInfo: sourceInfo, destination: destination,
                relativePath: relativePath, mode: mode, expectedSHA256: expectedSHA256, progress: progress)
        } catch {
            // Leave no empty layout directories behind a failed placement.
            for path in created.reversed() { rmdir(path) }
            throw error
        }
    }

    /// Places `incomplete`, a finished download whose bytes hashed to `sha256` on the way in (a
    /// remote import), at `relativePath` without reading it again: hard-linked into place (never
    /// replacing a file), then removed. A file already there with the same size and SHA-256 is
    /// kept (`alreadyPresent`) and `incomplete` removed; a different one is a `conflict`. Across
    /// file systems the bytes are copied beside the destination, verified against `sha256`, and
    /// linked into place.
    /// - Throws: ``CatalogError``: `conflict`, `verification` (a copy across file systems that
    ///   does not match), `io`. `incomplete` is kept on failure, for the caller to remove.
    public func adopt(
        _ incomplete: String, sha256: String, at relativePath: String, progress: ((Int64) -> Void)? = nil
    ) throws(CatalogError) -> PlacedFile {
        let destination = repository.absolutePath(of: relativePath)
        var sourceInfo = stat()
        guard stat(incomplete, &sourceInfo) == 0 else {
            throw CatalogError(.io, "cannot read \(incomplete)", cause: SystemError.current)
        }
        let directory = (destination as NSString).deletingLastPathComponent
        let created = try createDirectories(directory)
        do throws(CatalogError) {
            if let existing = try existingFile(
                at: destination, relativePath: relativePath, source: incomplete, sourceInfo: sourceInfo,
                expectedSHA256: nil, knownSourceSHA256: sha256, progress: nil)
            {
                unlink(incomplete)
                return existing
            }
            guard link(incomplete, destination) != 0 else {
                try syncDirectory(directory)
                unlink(incomplete)
                return PlacedFile(
                    relativePath: relativePath, size: Int64(sourceInfo.st_size), sha256: sha256,
                    stamp: FileStamp.of(path: destination) ?? FileStamp(sourceInfo), outcome: .copied, note: nil)
            }
            let linkError = errno
            guard linkError == EXDEV || linkError == EPERM || linkError == EMLINK else {
                if linkError == EEXIST {
                    throw CatalogError(.conflict, "\(relativePath) appeared while placing it; not overwritten")
                }
                throw CatalogError(
                    .io, "cannot link \(incomplete) to \(destination)", cause: SystemError(code: linkError))
            }
            let placed = try copy(
                incomplete, to: destination, relativePath: relativePath, expectedSHA256: sha256, progress: progress)
            unlink(incomplete)
            return placed
        } catch {
            for path in created.reversed() { rmdir(path) }
            throw error
        }
    }

    /// Creates `directory` and its missing parents; returns the ones created, outermost first.
    private func createDirectories(_ directory: String) throws(CatalogError) -> [String] {
        var missing: [String] = []
        var path = directory
        while path != "/", !FileManager.default.fileExists(atPath: path) {
            missing.insert(path, at: 0)
            path = (path as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.io, "cannot create directory \(directory)", cause: error)
        }
        return missing
    }

    private func placeInto(
        _ directory: String, source: String, sourceInfo: stat, destination: String, relativePath: String,
        mode: ImportMode, expectedSHA256: String?, progress: ((Int64) -> Void)?
    ) throws(CatalogError) -> PlacedFile {
        if let existing = try existingFile(
            at: destination, relativePath: relativePath, source: source, sourceInfo: sourceInfo,
            expectedSHA256: expectedSHA256, knownSourceSHA256: nil, progress: progress)
        {
            if mode == .move, !Self.sameFile(existing: destination, sourceInfo: sourceInfo) {
                unlink(source)
            }
            return existing
        }

        switch mode {
        case .copy:
            return try copy(
                source, to: destination, relativePath: relativePath, expectedSHA256: expectedSHA256, progress: progress)
        case .link, .move:
            let sha256 = try hash(source, progress: progress)
            try verify(sha256, expected: expectedSHA256, of: source)
            guard FileStamp.of(path: source) == FileStamp(sourceInfo) else {
                throw CatalogError(.verification, "\(source) changed while it was being hashed; nothing placed")
            }
            if link(source, destination) == 0 {
                try syncDirectory(directory)
                if mode == .move { unlink(source) }
                return PlacedFile(
                    relativePath: relativePath, size: Int64(sourceInfo.st_size), sha256: sha256,
                    stamp: FileStamp.of(path: destination) ?? FileStamp(sourceInfo),
                    outcome: mode == .move ? .moved : .linked, note: nil)
            }
            let linkError = errno
            guard linkError == EXDEV || linkError == EPERM || linkError == EMLINK else {
                if linkError == EEXIST {
                    throw CatalogError(.conflict, "\(relativePath) appeared while placing \(source); not overwritten")
                }
                throw CatalogError(.io, "cannot link \(source) to \(destination)", cause: SystemError(code: linkError))
            }
            var placed = try copy(
                source, to: destination, relativePath: relativePath, expectedSHA256: sha256, progress: progress)
            if mode == .move {
                unlink(source)
                placed.outcome = .moved
                placed.note = "\(source) is on another file system: copied, then removed"
            } else {
                placed.note = "hard link impossible (\(SystemError(code: linkError))): copied instead"
            }
            return placed
        }
    }

    /// The file already at `destination`, when it is the source itself or has the same bytes;
    /// nil when nothing is there; a `conflict` when something different is. `knownSourceSHA256`
    /// spares hashing the source again when its digest is already known.
    private func existingFile(
        at destination: String, relativePath: String, source: String, sourceInfo: stat,
        expectedSHA256: String?, knownSourceSHA256: String?, progress: ((Int64) -> Void)?
    ) throws(CatalogError) -> PlacedFile? {
        var info = stat()
        guard lstat(destination, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CatalogError(.conflict, "\(relativePath) exists and is not a regular file; not overwritten")
        }
        let stamp = FileStamp(info)
        let isSource = Self.sameFile(existing: destination, sourceInfo: sourceInfo)
        if !isSource, info.st_size != sourceInfo.st_size {
            throw CatalogError(
                .conflict,
                "\(relativePath) already holds a different file (\(info.st_size) bytes, "
                    + "\(source) has \(sourceInfo.st_size)); not overwritten")
        }
        let existingHash = try hash(destination, progress: progress)
        try verify(existingHash, expected: expectedSHA256, of: destination)
        if !isSource {
            let sourceHash: String
            if let knownSourceSHA256 {
                sourceHash = knownSourceSHA256
            } else {
                sourceHash = try hash(source, progress: nil)
            }
            guard sourceHash == existingHash else {
                throw CatalogError(
                    .conflict,
                    "\(relativePath) already holds a different file (sha256 \(existingHash.prefix(12))…, "
                        + "\(source) has \(sourceHash.prefix(12))…); not overwritten")
            }
        }
        return PlacedFile(
            relativePath: relativePath, size: stamp.size, sha256: existingHash, stamp: stamp,
            outcome: .alreadyPresent, note: isSource ? nil : "identical file already in place")
    }

    /// Copies `source` to a temporary file beside `destination`, hashing on the way, then links
    /// it into place. On any failure the temporary file is removed and nothing is at `destination`.
    private func copy(
        _ source: String, to destination: String, relativePath: String, expectedSHA256: String?,
        progress: ((Int64) -> Void)?
    ) throws(CatalogError) -> PlacedFile {
        let directory = (destination as NSString).deletingLastPathComponent
        let leaf = (destination as NSString).lastPathComponent
        let temporary = "\(directory)/.\(leaf).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CatalogError(.io, "cannot open \(source)", cause: SystemError.current) }
        defer { close(input) }
        var before = stat()
        guard fstat(input, &before) == 0 else {
            throw CatalogError(.io, "cannot stat \(source)", cause: SystemError.current)
        }
        _ = posix_fadvise(input, 0, 0, POSIX_FADV_SEQUENTIAL)

        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw CatalogError(.io, "cannot create \(temporary)", cause: SystemError.current)
        }
        var outputOpen = true
        func discard() {
            if outputOpen { close(output) }
            outputOpen = false
            unlink(temporary)
        }

        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = read(input, buffer.baseAddress, Self.blockSize)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let error = SystemError.current
                discard()
                throw CatalogError(.io, "cannot read \(source)", cause: error)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            var written = 0
            while written < count {
                let result = write(output, buffer.baseAddress! + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    let error = SystemError.current
                    discard()
                    throw CatalogError(.io, "cannot write \(temporary)", cause: error)
                }
                written += result
            }
            total += Int64(count)
            progress?(total)
        }
        var after = stat()
        let unchanged =
            fstat(input, &after) == 0 && FileStamp(after) == FileStamp(before)
            && total == Int64(before.st_size) && stat(source, &after) == 0 && after.st_ino == before.st_ino
        guard unchanged else {
            discard()
            throw CatalogError(
                .verification,
                "\(source) changed or disappeared while being copied "
                    + "(\(total) of \(before.st_size) bytes read); nothing placed at \(relativePath)")
        }
        let sha256 = hasher.finalize()
        if let expectedSHA256, sha256 != expectedSHA256.lowercased() {
            discard()
            throw CatalogError(
                .verification,
                "\(source) has sha256 \(sha256), expected \(expectedSHA256.lowercased()); "
                    + "nothing placed at \(relativePath)")
        }
        guard fsync(output) == 0 else {
            let error = SystemError.current
            discard()
            throw CatalogError(.io, "cannot fsync \(temporary)", cause: error)
        }
        close(output)
        outputOpen = false
        // link(2) refuses to replace an existing file, unlike rename(2).
        guard link(temporary, destination) == 0 else {
            let error = SystemError.current
            discard()
            if error.code == EEXIST {
                throw CatalogError(.conflict, "\(relativePath) appeared while copying \(source); not overwritten")
            }
            throw CatalogError(.io, "cannot place \(relativePath)", cause: error)
        }
        unlink(temporary)
        try syncDirectory(directory)
        return PlacedFile(
            relativePath: relativePath, size: total, sha256: sha256,
            stamp: FileStamp.of(path: destination) ?? FileStamp(before), outcome: .copied, note: nil)
    }

    private func hash(_ path: String, progress: ((Int64) -> Void)?) throws(CatalogError) -> String {
        do { return try hashing(path, progress) } catch {
            throw CatalogError(.io, "cannot hash \(path)", cause: error)
        }
    }

    private func verify(_ sha256: String, expected: String?, of path: String) throws(CatalogError) {
        guard let expected, sha256 != expected.lowercased() else { return }
        throw CatalogError(
            .verification, "\(path) has sha256 \(sha256), expected \(expected.lowercased()); nothing placed")
    }

    private func syncDirectory(_ directory: String) throws(CatalogError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CatalogError(.io, "cannot open \(directory)", cause: SystemError.current) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw CatalogError(.io, "cannot fsync directory \(directory)", cause: SystemError.current)
        }
    }

    private static func sameFile(existing path: String, sourceInfo: stat) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_dev == sourceInfo.st_dev && info.st_ino == sourceInfo.st_ino
    }
}
