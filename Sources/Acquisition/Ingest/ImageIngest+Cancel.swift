public import Common
import Foundation
import Logging
import Repository
import Swarm
public import WireTypes

extension ImageIngest {
    /// Cancels addition `id`: stops its fetch, removes its torrent from the swarm session and its
    /// partial files from `incomplete/` (with the torrent's resume data), and lists it as
    /// `cancelled`. A failed addition is cancelled the same way (its partial files go). Never
    /// touches a placed image: an addition being placed or done is refused.
    /// - Throws: ``IngestError``: `notFound` for an unknown id, `conflict` once
    ///   the addition is being placed or is done.
    public func cancel(id: Int) async throws(IngestError) -> AdditionStatus {
        guard let entry = entries[id] else { throw IngestError(.notFound, "no addition with id \(id)") }
        switch entry.state {
        case .cancelled:
            return entry
        case .placing:
            throw IngestError(
                .conflict,
                "addition #\(id) is being placed; it can no longer be cancelled (remove the image afterwards)")
        case .done:
            throw IngestError(
                .conflict,
                "addition #\(id) is done: \(entry.path ?? "its image") is placed, and cancelling never removes a placed image (isofleet catalog remove does)"
            )
        case .starting, .fetching, .failed:
            break
        }
        entries[id]?.state = .cancelled
        entries[id]?.bytesPerSecond = 0
        logger.info("add #\(id): cancelled")
        if let task = running[id] {
            task.cancel()
            await task.value
        }
        await removeLeftovers(of: id)
        return entries[id] ?? entry
    }

    /// Removes addition `id`'s torrent (with its files) and partial files, except files another
    /// running addition is writing. A torrent already gone from the session (a failed one) leaves
    /// its files behind: they are deleted here, folders too, and nothing outside `incomplete/`.
    private func removeLeftovers(of id: Int) async {
        guard let left = leftovers.removeValue(forKey: id) else { return }
        var sessionDeletes = false
        if let torrent = left.torrent, let session {
            do {
                try await session.remove(torrent, deleteFiles: true)
                sessionDeletes = true
            } catch {
                logger.warning("add #\(id): cannot remove its torrent from the session: \(error.message)")
            }
        }
        let busy = Set(running.keys.filter { $0 != id }.flatMap { leftovers[$0]?.files ?? [] })
        for file in left.files where !busy.contains(file) {
            removeLeftover(file, folders: !sessionDeletes, of: id)
        }
        if let infoHashes = left.infoHashes { ResumeStore(directory: dataDirectory.resume).remove(for: infoHashes) }
    }

    /// Deletes `file` when it lies directly in `incomplete/` (its real parent is `incomplete/`
    /// itself): a regular file, a symbolic link (never what it points to) or, with `folders`, a
    /// folder and everything in it (links inside are removed, not followed).
    private func removeLeftover(_ file: String, folders: Bool, of id: Int) {
        let incomplete = URL(fileURLWithPath: dataDirectory.incomplete).resolvingSymlinksInPath().path
        let url = URL(fileURLWithPath: file)
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..",
            url.deletingLastPathComponent().resolvingSymlinksInPath().path == incomplete
        else {
            logger.warning("add #\(id): \(file) is not in \(dataDirectory.incomplete); left alone")
            return
        }
        let path = incomplete + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFREG || kind == S_IFLNK {
            unlink(path)
        } else if kind == S_IFDIR, folders {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                logger.warning("add #\(id): cannot remove \(path): \(error)")
            }
        }
    }
}
