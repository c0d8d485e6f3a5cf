public import Common

/// Why an update run could not run at all. (Failures of single fetches are in the report.)
/// For `noManifest`, the cause is the synchronisation's ``ManifestSyncFailure``.
public typealias UpdateError = CodedError<UpdateFailure>

/// The update run's ``ErrorDomain``: the message alone is printed.
public enum UpdateFailure: ErrorDomain {
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String { message }
}

extension ErrorCode where Domain == UpdateFailure {
    /// Another run is in progress (in this process or another on the same data directory).
    public static var busy: Self { Self("busy") }
    /// No good manifest is held and none could be fetched; `manifestFailure` says why.
    public static var noManifest: Self { Self("no manifest") }
    /// The store could not be read or written.
    public static var store: Self { Self("store") }
    /// The data directory or repository could not be prepared.
    public static var io: Self { Self("io") }
}

extension CodedError where Domain == UpdateFailure {
    /// An error whose cause is the manifest synchronisation's failure.
    public init(_ code: Code, _ message: String, manifestFailure: ManifestSyncFailure?) {
        self.init(code, message, cause: manifestFailure)
    }

    /// For `noManifest`: the synchronisation's failure (invalid, unreachable, not configured).
    public var manifestFailure: ManifestSyncFailure? { cause as? ManifestSyncFailure }
}
