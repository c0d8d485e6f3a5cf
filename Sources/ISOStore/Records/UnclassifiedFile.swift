public import Foundation
import GRDB
public import ISOCatalog

/// An ISO file that `scan` or `import` found but could not classify (its name yields no
/// identity): a row of the `unclassified_file` table, replaced by every scan or import of the
/// directory it lies in, and forgotten once the file is catalogued.
public struct UnclassifiedFile: Hashable, Sendable {
    /// Which walk found the file, and so what `path` is relative to.
    public enum Origin: String, Hashable, Sendable, Codable {
        /// `scan`: `path` is relative to the repository root.
        case scan
        /// `import DIR`: `path` is absolute, outside the layout.
        case `import`
    }

    /// Relative to the repository root (`scan`) or absolute (`import`); unique.
    public var path: String
    public var origin: Origin
    public var size: Int64
    /// Why it was not classified: what the parser recognised and what was missing.
    public var reason: String
    /// What the parser could still read from the name, to prefill the classify form.
    public var guess: FileNameGuess
    /// When the scan or import that listed it ran (whole seconds).
    public var seen: Date

    public init(
        path: String, origin: Origin, size: Int64, reason: String, guess: FileNameGuess = FileNameGuess(),
        seen: Date = Date()
    ) {
        self.path = path
        self.origin = origin
        self.size = size
        self.reason = reason
        self.guess = guess
        self.seen = seen
    }
}

extension UnclassifiedFile {
    static let table = "unclassified_file"

    /// Migration v4: the table of files scan and import could not classify.
    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE unclassified_file (
                    path TEXT PRIMARY KEY NOT NULL CHECK (path <> ''),
                    origin TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    reason TEXT NOT NULL,
                    family TEXT,
                    name TEXT,
                    flavor TEXT,
                    major TEXT,
                    minor TEXT,
                    patch TEXT,
                    arch TEXT,
                    seen DATETIME NOT NULL
                );
                """)
    }

    init(row: Row) {
        let major: String? = row["major"]
        self.init(
            path: row["path"], origin: Origin(rawValue: row["origin"]) ?? .scan, size: row["size"],
            reason: row["reason"],
            guess: FileNameGuess(
                family: row["family"], name: row["name"], flavor: row["flavor"],
                version: major.map { Version(major: $0, minor: row["minor"], patch: row["patch"]) }, arch: row["arch"]),
            seen: row["seen"])
    }

    var arguments: StatementArguments {
        [
            path, origin.rawValue, size, reason, guess.family, guess.name, guess.flavor, guess.version?.major,
            guess.version?.minor, guess.version?.patch, guess.arch, seen,
        ]
    }
}
