public import Common
import Foundation
import GRDB

extension CatalogStore {
    /// Every transfer, by path.
    public func transfers() throws(StoreError) -> [Transfer] {
        try read("list transfers") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transfer ORDER BY path").map(Transfer.init(row:))
        }
    }

    /// Inserts `transfer` or updates the one with the same path; returns it with its id.
    @discardableResult
    public func upsertTransfer(_ transfer: Transfer) throws(StoreError) -> Transfer {
        guard transfer.bytesDone >= 0 else {
            throw StoreError(.invalidValue, "transfer \(transfer.path): negative bytes done")
        }
        return try write("store transfer \(transfer.path)") { db in
            let values = transfer.columnValues
            try db.execute(
                sql: """
                    INSERT INTO transfer (\(values.map(\.0).joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))
                    ON CONFLICT (path) DO UPDATE SET
                    \(values.filter { $0.0 != "path" }.map { "\($0.0) = excluded.\($0.0)" }.joined(separator: ", "))
                    """,
                arguments: StatementArguments(values.map(\.1)))
            var stored = transfer
            stored.id = try Int64.fetchOne(
                db, sql: "SELECT id FROM transfer WHERE path = ?", arguments: [transfer.path])
            return stored
        }
    }

    /// Removes the transfer with row id `id`.
    /// - Throws: `notFound` naming the id.
    public func removeTransfer(id: Int64) throws(StoreError) {
        try write("remove transfer \(id)") { db in
            try db.execute(sql: "DELETE FROM transfer WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError(.notFound, "no transfer with id \(id)") }
        }
    }
}
