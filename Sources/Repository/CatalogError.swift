public import Common

/// Why a catalog operation (scan, import, add, remove) failed, naming the file or entry involved.
/// `invalidInput` is the caller's mistake (exit 2), everything else a runtime failure (exit 1).
public typealias CatalogError = CodedError<CatalogFailure>

/// The repository's ``ErrorDomain``.
public enum CatalogFailure: ErrorDomain {}

extension ErrorCode where Domain == CatalogFailure {
    /// A bad argument, file name, identity or JSON document.
    public static var invalidInput: Self { Self("invalid input") }
    /// A different file already sits where this one should go, or the identity is held elsewhere.
    public static var conflict: Self { Self("conflict") }
    /// A checksum did not match.
    public static var verification: Self { Self("verification") }
    /// No such file, image or selection.
    public static var notFound: Self { Self("not found") }
    /// Reading, writing, linking or renaming failed.
    public static var io: Self { Self("io") }
    /// The catalog database failed.
    public static var store: Self { Self("store") }
}
