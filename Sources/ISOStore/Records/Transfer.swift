public import Foundation
import GRDB
public import ISOCatalog

/// An image being fetched: a row of the `transfer` table, keyed by its target path.
public struct Transfer: Hashable, Sendable {
    public var id: Int64?
    public var identity: ImageIdentity
    /// The layout path the image will be placed at, relative to the repository root.
    public var path: String
    /// Where the bytes come from: a URL, a magnet link, `swarm`.
    public var source: String
    public var bytesDone: Int64
    /// Expected size, when known.
    public var bytesTotal: Int64?
    public var state: TransferState
    public var error: String?
    public var updated: Date

    public init(
        id: Int64? = nil, identity: ImageIdentity, path: String, source: String, bytesDone: Int64 = 0,
        bytesTotal: Int64? = nil, state: TransferState = .queued, error: String? = nil,
        updated: Date = Date()
    ) {
        self.id = id
        self.identity = identity
        self.path = path
        self.source = source
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.state = state
        self.error = error
        self.updated = updated
    }
}

extension Transfer {
    static let table = "transfer"

    init(row: Row) {
        self.init(
            id: row["id"],
            identity: ImageIdentity(
                family: row["family"], name: row["name"], flavor: row["flavor"],
                version: Version(major: row["major"], minor: row["minor"], patch: row["patch"]),
                arch: row["arch"]),
            path: row["path"], source: row["source"], bytesDone: row["bytes_done"],
            bytesTotal: row["bytes_total"], state: TransferState(rawValue: row["state"]) ?? .failed,
            error: row["error"], updated: row["updated"])
    }

    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("family", identity.family), ("name", identity.name), ("flavor", identity.flavor),
            ("major", identity.version.major), ("minor", identity.version.minor),
            ("patch", identity.version.patch), ("arch", identity.arch), ("path", path),
            ("source", source), ("bytes_done", bytesDone), ("bytes_total", bytesTotal),
            ("state", state.rawValue), ("error", error), ("updated", updated),
        ]
    }
}
