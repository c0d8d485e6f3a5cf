import Common
public import Foundation
import GRDB
public import ISOCatalog

/// A selection the operator asked the node to keep: a row of the `selection` table.
public struct StoredSelection: Hashable, Sendable {
    public var id: Int64
    /// The rule, with its `arch` and `keep`. Stored in canonical compact form.
    public var selection: Selection
    /// When false, the node fetches the best image once and does not follow newer versions.
    public var autoUpdate: Bool
    public var created: Date

    public init(id: Int64, selection: Selection, autoUpdate: Bool, created: Date) {
        self.id = id
        self.selection = selection
        self.autoUpdate = autoUpdate
        self.created = created
    }

    /// The canonical compact form, as stored: `Linux/Ubuntu/Server@22`.
    public var spec: String { selection.description }
}

extension StoredSelection {
    static let table = "selection"

    /// Reads a row of `selection`; a spec that no longer parses is reported with the row id.
    init(row: Row) throws(StoreError) {
        let id: Int64 = row["id"]
        let spec: String = row["spec"]
        let arch: String? = row["arch"]
        do {
            let selection = try Selection(parsing: spec, arch: arch, keep: row["keep"])
            self.init(id: id, selection: selection, autoUpdate: row["auto_update"], created: row["created"])
        } catch {
            throw StoreError(.invalidValue, "selection \(id) holds an unreadable spec '\(spec)'", cause: error)
        }
    }
}
