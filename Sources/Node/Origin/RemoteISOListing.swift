import Common
import Fetch
import Foundation
import Repository

/// The ISO files of a remote folder, found as ``ISOFileFinder`` finds them in a local one:
/// `*.iso` in any case, in every subfolder, sorted by path; hidden entries (a path component
/// starting with `.`) skipped and reported. Used by `import URL` and `manifest build URL`.
struct RemoteISOListing {
    /// One ISO file, with its sidecar when the folder has one.
    struct File {
        var entry: RemoteEntry
        /// The sidecar `NAME.iso.json` beside it, parsed; nil when there is none.
        var sidecar: ManifestSidecar?
        /// A sidecar that exists but could not be read or parsed: why.
        var sidecarProblem: RequestError?
    }

    /// The store listed.
    let store: any RemoteStore
    var files: [File]
    /// Hidden ISO files, with the reason they were left out.
    var skipped: [(path: String, reason: String)]

    /// Lists `store` (one recursive listing) and reads the sidecar of each ISO that has one.
    /// Blocking.
    /// - Throws: the listing's ``FetchError`` (`.notFound` for a missing folder).
    init(_ store: any RemoteStore) throws(FetchError) {
        self.store = store
        let entries = try store.listFiles()
        let paths = Set(entries.map(\.path))
        files = []
        skipped = []
        for entry in entries where ISOFileFinder.isISOName(entry.name) {
            if entry.path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                skipped.append((store.root.appending(entry.path).description, "hidden file"))
                continue
            }
            var file = File(entry: entry)
            if paths.contains(entry.path + ".json") {
                do { file.sidecar = try Self.sidecar(of: entry, in: store) } catch { file.sidecarProblem = error }
            }
            files.append(file)
        }
        files.sort { $0.entry.path.unicodeScalars.lexicographicallyPrecedes($1.entry.path.unicodeScalars) }
    }

    /// The URL of `path` below the listed folder.
    func location(of path: String) -> RemoteLocation { store.root.appending(path) }

    private static func sidecar(
        of entry: RemoteEntry, in store: any RemoteStore
    ) throws(RequestError) -> ManifestSidecar? {
        let location = store.root.appending(entry.path + ".json")
        let data: Data?
        do { data = try store.readSmallFile(entry.path + ".json", maxBytes: ManifestSidecar.maximumSize) } catch {
            throw RequestError(error.code == .tooLarge ? .invalidInput : .failure, error.message)
        }
        guard let data else { return nil }
        return try ManifestSidecar.parse(
            data, named: location.description, isoPath: store.root.appending(entry.path).description)
    }
}
