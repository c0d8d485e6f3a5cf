public import Common
import Foundation
import GRDB
public import ISOCatalog

extension CatalogStore {
    /// The outcome of ``addSelection(_:autoUpdate:)``.
    public enum SelectionChange: Hashable, Sendable {
        /// A new row was created.
        case added
        /// The same rule (spec and arch) existed; its `keep` or `auto_update` was changed.
        case updated
        /// The same rule existed with the same settings; nothing changed.
        case unchanged
    }

    /// Every selection, oldest first.
    public func selections() throws(StoreError) -> [StoredSelection] {
        try read("list selections") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM selection ORDER BY id").map { row throws(StoreError) in
                try StoredSelection(row: row)
            }
        }
    }

    /// The selection with row id `id`, or nil.
    public func selection(id: Int64) throws(StoreError) -> StoredSelection? {
        try read("read selection \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM selection WHERE id = ?", arguments: [id])
                .map { row throws(StoreError) in try StoredSelection(row: row) }
        }
    }

    /// Stores `selection`. A rule with the same canonical spec and arch is the same rule: its
    /// `keep` and `autoUpdate` are updated instead of adding a duplicate.
    public func addSelection(
        _ selection: Selection, autoUpdate: Bool = true
    ) throws(StoreError) -> (selection: StoredSelection, change: SelectionChange) {
        let spec = selection.description
        return try write("add selection \(spec)") { db in
            let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM selection WHERE spec = ? AND ifnull(arch, '') = ?",
                arguments: [spec, selection.arch ?? ""])
            if let existing {
                let stored = try StoredSelection(row: existing)
                let wanted = StoredSelection(
                    id: stored.id, selection: selection, autoUpdate: autoUpdate, created: stored.created)
                guard wanted != stored else { return (stored, .unchanged) }
                try db.execute(
                    sql: "UPDATE selection SET keep = ?, auto_update = ? WHERE id = ?",
                    arguments: [selection.effectiveKeep, autoUpdate, stored.id])
                return (wanted, .updated)
            }
            let created = Self.now()
            try db.execute(
                sql: "INSERT INTO selection (spec, arch, keep, auto_update, created) VALUES (?, ?, ?, ?, ?)",
                arguments: [spec, selection.arch, selection.effectiveKeep, autoUpdate, created])
            var stored = selection
            stored.keep = selection.effectiveKeep
            return (
                StoredSelection(id: db.lastInsertedRowID, selection: stored, autoUpdate: autoUpdate, created: created),
                .added
            )
        }
    }

    /// Removes the selection with row id `id` and returns it. Images acquired for it keep their
    /// link (with the spec) so the deletion planner knows why they were fetched.
    /// - Throws: `notFound` naming the id.
    @discardableResult
    public func removeSelection(id: Int64) throws(StoreError) -> StoredSelection {
        try write("remove selection \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM selection WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no selection with id \(id)")
            }
            let stored = try StoredSelection(row: row)
            try db.execute(sql: "DELETE FROM selection WHERE id = ?", arguments: [id])
            return stored
        }
    }
}
