public import Common
import Foundation
import GRDB

extension CatalogStore {
    /// The value stored for `key`, or nil.
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read("read setting \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// Every stored setting, by key.
    public func settings() throws(StoreError) -> [Setting] {
        try read("list settings") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM setting ORDER BY key").map(Setting.init(row:))
        }
    }

    /// Stores `value` for `key`; nil removes the key.
    public func setSetting(_ key: String, _ value: String?) throws(StoreError) {
        guard !key.isEmpty else { throw StoreError(.invalidValue, "a setting key cannot be empty") }
        try write("set setting \(key)") { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO setting (key, value, updated) VALUES (?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated
                        """,
                    arguments: [key, value, Self.now()])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
            }
        }
    }
}
