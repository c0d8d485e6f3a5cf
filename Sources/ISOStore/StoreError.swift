public import Common

/// Why the catalog store could not do what it was asked, with the path, id or key involved; the
/// cause is what SQLite or the file system said.
public typealias StoreError = CodedError<StoreFailure>

/// The store's ``ErrorDomain``.
public enum StoreFailure: ErrorDomain {}

extension ErrorCode where Domain == StoreFailure {
    /// The database could not be opened, created or migrated.
    public static var cannotOpen: Self { Self("cannot open") }
    /// No row has the id, path or key asked for.
    public static var notFound: Self { Self("not found") }
    /// The change would break a uniqueness rule (same path or same identity twice).
    public static var conflict: Self { Self("conflict") }
    /// A value does not fit the schema (negative size, malformed checksum, unparseable spec).
    public static var invalidValue: Self { Self("invalid value") }
    /// `inventory.json` could not be encoded or written.
    public static var inventory: Self { Self("inventory") }
    /// Any other SQLite failure.
    public static var database: Self { Self("database") }
}
