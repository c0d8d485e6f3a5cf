public import Common
import Foundation
import ISOStore
import Repository

extension NodeSite {
    /// The node for a command that only reads (`status`, `select list`, `catalog list`): on a full
    /// file system its existing store opens read-only instead of failing with "disk I/O error"
    /// (see ``CatalogStore/init(databasePath:inventoryPath:busyTimeout:readOnlyWhenFull:)``).
    /// Without a database yet, the same as ``environment(engines:)``.
    /// - Throws: ``DaemonError`` `io` naming the database.
    public func readingEnvironment() throws(DaemonError) -> NodeEnvironment {
        guard FileManager.default.fileExists(atPath: dataDirectory.database) else { return try environment() }
        do {
            let store = try CatalogStore(
                databasePath: dataDirectory.database, inventoryPath: dataDirectory.inventory, readOnlyWhenFull: true)
            adoptStoredLayout(from: store, recover: false)
            return NodeEnvironment(site: self, store: store)
        } catch {
            throw DaemonError(.io, error.description)
        }
    }
}
