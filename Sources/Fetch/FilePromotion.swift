import Foundation

/// Moves a complete, verified download from the incomplete area to its final path, so that no
/// partial file ever sits at a final path.
public enum FilePromotion {
    /// Syncs `incomplete`, renames it to `final` (replacing what is there, atomically) and syncs
    /// the final directory, creating it if needed. Across file systems the bytes are copied to a
    /// hidden temporary file beside `final`, synced, renamed into place, and `incomplete` removed.
    public static func promote(incomplete: String, to final: String) throws(FetchError) {
        try place(incomplete, at: final, keepingIncomplete: false)
    }

    /// Like ``promote(incomplete:to:)`` but leaves `incomplete` in place: `final` becomes a hard
    /// link to it (a synced copy linked into place across file systems), for a file that is still
    /// being read under its incomplete name (a finished torrent still seeding). Fails when
    /// something is at `final` already.
    public static func promote(linking incomplete: String, to final: String) throws(FetchError) {
        try place(incomplete, at: final, keepingIncomplete: true)
    }

    /// Renames (or, keeping `incomplete`, links) `incomplete` to `final`; across file systems
    /// through a synced temporary copy beside `final`.
    private static func place(
        _ incomplete: String, at final: String, keepingIncomplete keep: Bool
    )
        throws(FetchError)
    {
        let verb = keep ? "link" : "rename"
        // A link never replaces what is at `final`; a rename replaces it atomically.
        let move: (String, String) -> Int32 = keep ? { link($0, $1) } : { rename($0, $1) }
        try sync(path: incomplete, flags: O_RDONLY)
        let parent = (final as NSString).deletingLastPathComponent
        // A bare file name ("out.iso") lives in the working directory.
        let directory = parent.isEmpty ? "." : parent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FetchError(.io, url: nil, "cannot create \(directory): \(error.localizedDescription)")
        }
        if move(incomplete, final) != 0 {
            guard errno == EXDEV else { throw .io("\(verb) \(incomplete) to", path: final, errno: errno) }
            let temporary =
                directory + "/.\((final as NSString).lastPathComponent).isofleet-\(UUID().uuidString.prefix(8))"
            do throws(FetchError) {
                try copy(incomplete, to: temporary)
                guard move(temporary, final) == 0 else {
                    throw .io("\(verb) \(temporary) to", path: final, errno: errno)
                }
                if keep { unlink(temporary) }
            } catch {
                unlink(temporary)
                throw error
            }
            if !keep {
                unlink(incomplete)
                try? sync(path: (incomplete as NSString).deletingLastPathComponent, flags: O_RDONLY | O_DIRECTORY)
            }
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
