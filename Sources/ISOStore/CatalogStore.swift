public import Common
public import Foundation
import GRDB

/// The node's durable memory: images held, selections, settings, the cached manifest and
/// transfers, in one SQLite database (WAL, one writer), mirrored to `inventory.json`.
///
/// Several processes may open the same store at once (the daemon and a few CLI invocations):
/// writers queue behind SQLite's write lock for up to `busyTimeout` instead of failing, and
/// opening (creation, WAL switch, migrations) is serialised by a lock file next to the database.
///
/// The database is the truth. `inventory.json` is rewritten from it, atomically, after every change
/// to the images and on every open when it differs, so a crash between a commit and the rewrite
/// heals on the next start.
public final class CatalogStore: Sendable {
    /// Path of the SQLite database file.
    public let databasePath: String
    /// Path of `inventory.json`.
    public let inventoryPath: String
    /// A pool normally; one read-only connection when opened ``readOnlyWhenFull`` on a full disk.
    let pool: any DatabaseWriter
    /// True when the store was opened read-only because the disk is full: every write fails.
    public let isReadOnly: Bool
    /// Observes commits by every connection (``changeCounter()``).
    let changeWatch: StoreChangeWatch

    /// How long a writer waits for another process's write to finish before giving up.
    public static let defaultBusyTimeout: TimeInterval = 60

    /// Opens (creating when missing) the store, runs pending migrations and heals the inventory.
    ///
    /// With `readOnlyWhenFull` (commands that only read: `status`, `select list`, `catalog list`),
    /// a store that cannot be opened because the file system is full (SQLite cannot create and size
    /// its `-shm` index) is opened read-only instead: one connection in exclusive locking mode,
    /// whose WAL index lives in memory, with `query_only` on; no migration and no inventory repair.
    ///
    /// - Throws: ``StoreError`` with code `cannotOpen` naming the database when it cannot be opened
    ///   or migrated, or `inventory` when the inventory cannot be rewritten.
    public init(
        databasePath: String, inventoryPath: String, busyTimeout: TimeInterval = defaultBusyTimeout,
        readOnlyWhenFull: Bool = false
    ) throws(StoreError) {
        self.databasePath = databasePath
        self.inventoryPath = inventoryPath
        self.changeWatch = StoreChangeWatch(databasePath: databasePath)
        let directory = (databasePath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create directory \(directory)", cause: error)
        }
        let openLock = try FileLock(path: databasePath + ".lock")
        defer { openLock.unlock() }

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "isofleet catalog"
        do {
            pool = try DatabasePool(path: databasePath, configuration: configuration)
            isReadOnly = false
        } catch {
            guard readOnlyWhenFull, Self.isFullDisk(error), FileManager.default.fileExists(atPath: databasePath) else {
                throw StoreError(.cannotOpen, "cannot open database \(databasePath)", cause: error)
            }
            pool = try Self.openReadOnly(databasePath, configuration: configuration, after: error)
            isReadOnly = true
            return
        }
        do {
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw StoreError(.cannotOpen, "cannot migrate database \(databasePath)", cause: error)
        }
        try healInventory()
    }

    /// True for the errors of a file system without free space: SQLite's I/O error (it cannot size
    /// the `-shm` file) and "database or disk is full".
    static func isFullDisk(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_IOERR || error.resultCode == .SQLITE_FULL
    }

    /// One connection that needs no new file: exclusive locking mode keeps the WAL index in memory,
    /// `query_only` refuses writes. Refused when migrations are pending (they would write).
    static func openReadOnly(
        _ databasePath: String, configuration: Configuration, after openError: any Error
    ) throws(StoreError) -> DatabaseQueue {
        var readOnly = configuration
        readOnly.prepareDatabase { db in
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "PRAGMA query_only = 1")
        }
        let queue: DatabaseQueue
        let migrated: Bool
        do {
            queue = try DatabaseQueue(path: databasePath, configuration: readOnly)
            migrated = try queue.read { db in try StoreSchema.migrator.hasCompletedMigrations(db) }
        } catch {
            throw StoreError(
                .cannotOpen, "cannot open database \(databasePath) (\(openError)), nor read-only", cause: error)
        }
        guard migrated else {
            throw StoreError(.cannotOpen, "cannot open database \(databasePath) to migrate it", cause: openError)
        }
        return queue
    }

    /// The migrations applied to the database, oldest first (`["v1", "v2"]`).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("read applied migrations") { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    /// The identifier of the newest migration this version knows.
    public static var schemaVersion: String { StoreSchema.latestVersion }

    /// Closes the database; further calls fail.
    public func close() throws(StoreError) {
        changeWatch.close()
        do { try pool.close() } catch {
            throw StoreError(.database, "cannot close database \(databasePath)", cause: error)
        }
    }

    // MARK: - Plumbing shared by the extensions

    /// Runs `body` in a read transaction, wrapping SQLite errors with `what` and the database path.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw wrap(error, what) }
    }

    /// Runs `body` in an IMMEDIATE write transaction (waiting for other writers up to the busy
    /// timeout), wrapping SQLite errors with `what`.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw wrap(error, what) }
    }

    /// A ``StoreError`` for `error`: passes store errors through, maps constraint violations to
    /// `conflict` and everything else to `database`.
    func wrap(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_CONSTRAINT {
            return StoreError(.conflict, "cannot \(what)", cause: error)
        }
        return StoreError(.database, "cannot \(what) in \(databasePath)", cause: error)
    }
}
