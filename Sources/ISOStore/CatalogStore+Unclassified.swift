public import Foundation
import GRDB

extension CatalogStore {
    /// The files scan and import could not classify, by path; a path the catalog now holds is left
    /// out (it was classified after the walk that listed it).
    public func unclassifiedFiles() throws(StoreError) -> [UnclassifiedFile] {
        try read("list unclassified files") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM unclassified_file
                    WHERE path NOT IN (SELECT path FROM image WHERE state <> 'missing') ORDER BY path
                    """
            ).map(UnclassifiedFile.init(row:))
        }
    }

    /// Replaces, in one transaction, the rows of `origin` under `directory` (every row of `origin`
    /// when `directory` is empty; else the path itself and paths below it) with `files`: what one
    /// scan or import of `directory` found unclassifiable. A row that is listed again unchanged
    /// (same size, reason and guess) keeps its `seen` date and is not rewritten, so a scan that
    /// finds what the last one found commits nothing (and leaves the change counter alone).
    public func replaceUnclassified(
        origin: UnclassifiedFile.Origin, under directory: String, with files: [UnclassifiedFile]
    ) throws(StoreError) {
        let seen = Self.now()
        let below = directory.hasSuffix("/") ? directory : directory + "/"
        let scope = directory.isEmpty ? "origin = ?" : "origin = ? AND (path = ? OR substr(path, 1, length(?)) = ?)"
        let scopeArguments: StatementArguments =
            directory.isEmpty ? [origin.rawValue] : [origin.rawValue, directory, below, below]
        let wanted = Dictionary(
            files.map { file in
                var file = file
                file.origin = origin
                file.seen = seen
                return (file.path, file)
            }, uniquingKeysWith: { _, last in last })
        func same(_ a: UnclassifiedFile, _ b: UnclassifiedFile) -> Bool {
            a.size == b.size && a.reason == b.reason && a.guess == b.guess
        }
        // Read and written in one transaction: a concurrent scan or catalog edit cannot slip in
        // between what is compared and what is replaced.
        try write("record unclassified files") { db in
            let current = try Row.fetchAll(
                db, sql: "SELECT * FROM unclassified_file WHERE \(scope)", arguments: scopeArguments
            ).map(UnclassifiedFile.init(row:))
            let currentByPath = Dictionary(current.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            let stale = current.filter { file in wanted[file.path].map { !same($0, file) } ?? true }.map(\.path)
            let fresh = wanted.values.filter { file in currentByPath[file.path].map { !same($0, file) } ?? true }
            for path in stale {
                try db.execute(sql: "DELETE FROM unclassified_file WHERE path = ?", arguments: [path])
            }
            for file in fresh.sorted(by: { $0.path < $1.path }) {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO unclassified_file
                        (path, origin, size, reason, family, name, flavor, major, minor, patch, arch, seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: file.arguments)
            }
        }
    }

    /// Forgets the rows of these paths (a file catalogued by hand). Unknown paths are ignored.
    public func removeUnclassified(paths: [String]) throws(StoreError) {
        guard !paths.isEmpty else { return }
        try write("forget \(paths.count) unclassified file(s)") { db in
            for path in paths {
                try db.execute(sql: "DELETE FROM unclassified_file WHERE path = ?", arguments: [path])
            }
        }
    }
}
