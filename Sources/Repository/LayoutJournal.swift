import Common
import Foundation

/// The plan of a layout change in progress, on disk (`DATA_DIR/layout-change.json`) from before
/// the first move until the last is recorded: what ``LayoutMover/recover()`` finishes after a crash.
struct LayoutJournal: Codable {
    var template: String
    var moves: [LayoutChangePlan.Move]

    /// Writes the journal durably: a temporary file, fsynced, renamed over `path`.
    func write(to path: String) throws(CatalogError) {
        let data: Data
        do { data = try JSONEncoder().encode(self) } catch {
            throw CatalogError(.io, "cannot encode the layout journal", cause: error)
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CatalogError(.io, "cannot create \(temporary)", cause: SystemError.current)
        }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let error = SystemError.current
            unlink(temporary)
            throw CatalogError(.io, "cannot write the layout journal \(path)", cause: error)
        }
    }

    /// The journal at `path`, nil when there is none.
    static func read(from path: String) throws(CatalogError) -> LayoutJournal? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try JSONDecoder().decode(LayoutJournal.self, from: data) } catch {
            throw CatalogError(.io, "\(path) is not a layout journal this version can read", cause: error)
        }
    }
}
