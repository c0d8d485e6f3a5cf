import Foundation

/// Moves a complete, verified download from the incomplete area to its final path, so that no
/// partial file ever sits at a final path.
public enum FilePromotion {
    /// Syncs `incomplete`, renames it to `final` (replacing what is there, atomically) and syncs
    /// the final directory, creating it if needed. Across file systems the bytes are copied to a
    /// hidden temporary file beside `final`, synced, renamed into place, and `incomplete` removed.
    public static func promote(incomplete: String, to final: String) throws(FetchError) {
        try sync(path: incomplete, flags: O_RDONLY)
        let directory = (final as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FetchError(.io, url: nil, "cannot create \(directory): \(error.localizedDescription)")
        }
        if rename(incomplete, final) != 0 {
            guard errno == EXDEV else { throw .io("rename \(incomplete) to", path: final, errno: errno) }
            let temporary =
                directory + "/.\((final as NSString).lastPathComponent).isofleet-\(UUID().uuidString.prefix(8))"
            do throws(FetchError) {
                try copy(incomplete, to: temporary)
                guard rename(temporary, final) == 0 else {
                    throw .io("rename \(temporary) to", path: final, errno: errno)
                }
            } catch {
                unlink(temporary)
                throw error
            }
            unlink(incomplete)
            try? sync(path: (incomplete as NSString).deletingLastPathComponent, flags: O_RDONLY | O_DIRECTORY)
        }
        try sync(path: directory, flags: O_RDONLY | O_DIRECTORY)
    }

    private static func sync(path: String, flags: Int32) throws(FetchError) {
        let descriptor = open(path, flags | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io("sync", path: path, errno: errno) }
    }

    /// Copies `source` to a new file `destination` and syncs it.
    private static func copy(_ source: String, to destination: String) throws(FetchError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .io("open", path: source, errno: errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .io("create", path: destination, errno: errno) }
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .io("read", path: source, errno: errno) }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = write(output, buffer.baseAddress! + written, count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { throw .io("write", path: destination, errno: errno) }
                written += result
            }
        }
        guard fsync(output) == 0 else { throw .io("sync", path: destination, errno: errno) }
    }
}
