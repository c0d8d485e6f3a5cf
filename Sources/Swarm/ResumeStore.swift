import Foundation

/// Resume data on disk, one file per torrent named after its info-hash (`<hash>.resume`, under
/// every hash the torrent has, so a v1 magnet and a v2 magnet of one hybrid torrent both find it).
/// Written to a temporary file, fsynced and renamed, so a crash never leaves a torn file.
public struct ResumeStore: Sendable, Hashable {
    /// The directory holding the files (the data directory's `resume/`).
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The stored resume data for a torrent with any of `hashes`, or nil.
    public func load(for hashes: InfoHashes) -> [UInt8]? {
        for hash in hashes.all {
            if let data = FileManager.default.contents(atPath: path(for: hash)), !data.isEmpty {
                return Array(data)
            }
        }
        return nil
    }

    /// Stores `data` for the torrent with `hashes`.
    public func save(_ data: [UInt8], for hashes: InfoHashes) throws(SwarmError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SwarmError(.io, "cannot create \(directory): \(error.localizedDescription)")
        }
        for hash in hashes.all {
            try write(data, to: path(for: hash))
        }
    }

    /// Forgets the resume data of the torrent with `hashes`.
    public func remove(for hashes: InfoHashes) {
        for hash in hashes.all { unlink(path(for: hash)) }
    }

    func path(for hash: String) -> String { directory + "/" + hash + ".resume" }

    private func write(_ data: [UInt8], to path: String) throws(SwarmError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SwarmError(.io, "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        var written = 0
        let ok = data.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return fsync(descriptor) == 0
        }
        let failure = errno
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SwarmError(.io, "cannot write \(path): \(String(cString: strerror(ok ? errno : failure)))")
        }
    }
}
