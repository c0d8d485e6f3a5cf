public import Common
public import Foundation
import GRDB
public import ISOCatalog

extension CatalogStore {
    /// The entries `inventory.json` should hold: every image in state `present`, in the stable order.
    public func inventoryEntries() throws(StoreError) -> [InventoryEntry] {
        try read("read the inventory") { db in try Self.inventoryEntries(db) }
    }

    /// The bytes `inventory.json` should hold now.
    public func inventoryData() throws(StoreError) -> Data {
        try read("read the inventory") { db in try Self.encodeInventory(Self.inventoryEntries(db)) }
    }

    /// Rewrites `inventory.json` from the database, atomically.
    ///
    /// Runs inside a write transaction so that no other process commits between reading the images
    /// and renaming the file: the last rewrite always reflects every commit before it.
    public func rewriteInventory() throws(StoreError) {
        try write("rewrite the inventory") { db in
            let data = try Self.encodeInventory(Self.inventoryEntries(db))
            try AtomicFile.write(data, to: inventoryPath)
        }
    }

    /// Rewrites `inventory.json` when it is missing, unreadable or differs from the database.
    /// - Returns: true when the file was rewritten.
    @discardableResult
    public func healInventory() throws(StoreError) -> Bool {
        try write("check the inventory") { db in
            let expected = try Self.encodeInventory(Self.inventoryEntries(db))
            let current = FileManager.default.contents(atPath: inventoryPath)
            guard current != expected else { return false }
            try AtomicFile.write(expected, to: inventoryPath)
            return true
        }
    }

    static func inventoryEntries(_ db: Database) throws -> [InventoryEntry] {
        InventoryCoding.sorted(
            try Row.fetchAll(db, sql: "SELECT * FROM image WHERE state <> ?", arguments: [ImageState.missing.rawValue])
                .map { StoredImage(row: $0).inventoryEntry })
    }

    static func encodeInventory(_ entries: [InventoryEntry]) throws(StoreError) -> Data {
        do { return try InventoryCoding.encode(entries) } catch {
            throw StoreError(.inventory, "cannot encode the inventory", cause: error)
        }
    }
}
