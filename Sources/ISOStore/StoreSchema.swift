import GRDB

/// The numbered migrations of the catalog database.
///
/// Each migration runs once, in its own transaction, in the order registered; GRDB records the
/// applied ones in `grdb_migrations`. Never edit a released migration: add the next number.
enum StoreSchema {
    /// Every migration, oldest first.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createCatalogTables)
        migrator.registerMigration("v2", migrate: createSyncTables)
        migrator.registerMigration("v3", migrate: addImageVerified)
        migrator.registerMigration("v4", migrate: UnclassifiedFile.createTable)
        return migrator
    }()

    /// The identifier of the newest migration.
    static var latestVersion: String { "v4" }

    /// v1: what the node holds and what it was asked to keep.
    static func createCatalogTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE image (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    family TEXT NOT NULL CHECK (family <> ''),
                    name TEXT NOT NULL CHECK (name <> ''),
                    flavor TEXT NOT NULL CHECK (flavor <> ''),
                    major TEXT NOT NULL CHECK (major <> ''),
                    minor TEXT,
                    patch TEXT,
                    arch TEXT,
                    path TEXT NOT NULL UNIQUE CHECK (path <> ''),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
                    source TEXT NOT NULL,
                    display_name TEXT,
                    state TEXT NOT NULL DEFAULT 'present',
                    checksum_size INTEGER,
                    checksum_mtime_ns INTEGER,
                    added DATETIME NOT NULL
                );
                -- One row per identity; absent components and arch count as equal to each other.
                CREATE UNIQUE INDEX image_identity ON image (
                    family, name, flavor, major, ifnull(minor, ''), ifnull(patch, ''), ifnull(arch, '')
                );

                CREATE TABLE selection (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    spec TEXT NOT NULL,
                    arch TEXT,
                    keep INTEGER NOT NULL DEFAULT 1 CHECK (keep >= 1),
                    auto_update BOOLEAN NOT NULL DEFAULT 1,
                    created DATETIME NOT NULL
                );
                CREATE UNIQUE INDEX selection_rule ON selection (spec, ifnull(arch, ''));

                CREATE TABLE image_selection (
                    image_id INTEGER NOT NULL REFERENCES image (id) ON DELETE CASCADE,
                    selection_id INTEGER REFERENCES selection (id) ON DELETE SET NULL,
                    spec TEXT NOT NULL,
                    linked DATETIME NOT NULL,
                    PRIMARY KEY (image_id, spec)
                );
                CREATE INDEX image_selection_selection ON image_selection (selection_id);

                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    updated DATETIME NOT NULL
                );
                """)
    }

    /// v3: whether an image's bytes were checked against a SHA-256 published for it. 0 only for
    /// an image fetched from a manifest that gave no `sha256` (`manifest.allow_unverified`): such an
    /// image is never served under `/files/` nor listed in the node's `/manifest.json`. Rows from
    /// before are taken as verified (their origin cannot be told any more).
    static func addImageVerified(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE image ADD COLUMN verified BOOLEAN NOT NULL DEFAULT 1")
    }

    /// v2: the cached manifest and the transfers in flight.
    static func createSyncTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE manifest_cache (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    url TEXT,
                    body BLOB,
                    fetched_at DATETIME,
                    etag TEXT,
                    last_modified TEXT,
                    last_attempt DATETIME,
                    last_error TEXT
                );

                CREATE TABLE transfer (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    family TEXT NOT NULL,
                    name TEXT NOT NULL,
                    flavor TEXT NOT NULL,
                    major TEXT NOT NULL,
                    minor TEXT,
                    patch TEXT,
                    arch TEXT,
                    path TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
                    bytes_total INTEGER CHECK (bytes_total IS NULL OR bytes_total >= 0),
                    state TEXT NOT NULL,
                    error TEXT,
                    updated DATETIME NOT NULL
                );
                """)
    }
}
