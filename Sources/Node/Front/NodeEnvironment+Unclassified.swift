public import Common
import ISOStore
import Repository
public import WireTypes

extension NodeEnvironment {
    /// The files scan and import could not classify, by path, each with the absolute file a
    /// `catalog add` would take.
    public func unclassifiedFiles() throws(RequestError) -> [UnclassifiedFileJSON] {
        let files: [UnclassifiedFile]
        do { files = try store.unclassifiedFiles() } catch { throw RequestError(error) }
        return files.map { file in
            UnclassifiedFileJSON(
                path: file.path, origin: file.origin.rawValue,
                file: file.origin == .scan ? repository.absolutePath(of: file.path) : file.path, size: file.size,
                reason: file.reason, guess: file.guess, seen: file.seen)
        }
    }

    /// ``unclassifiedFiles()`` off the cooperative pool.
    public func unclassifiedFilesOffPool() async throws(RequestError) -> [UnclassifiedFileJSON] {
        try await OffPool.run("isofleet-store-unclassified") { () throws(RequestError) in try unclassifiedFiles() }
    }
}
