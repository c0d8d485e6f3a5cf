public import Common

/// Why the daemon could not start or a daemon-side operation failed, naming the file or setting.
public typealias DaemonError = CodedError<DaemonFailure>

/// The daemon's ``ErrorDomain``.
public enum DaemonFailure: ErrorDomain {}

extension ErrorCode where Domain == DaemonFailure {
    /// Another `isofleet serve` holds the data directory.
    public static var alreadyRunning: Self { Self("already running") }
    /// A setting or address that cannot be used.
    public static var invalidInput: Self { Self("invalid input") }
    /// A file could not be read, written or locked.
    public static var io: Self { Self("io") }
    /// The node is stopping (scale-in or SIGTERM) and takes no new work; the web API answers 503.
    public static var draining: Self { Self("draining") }
}
