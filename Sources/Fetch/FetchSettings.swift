/// The knobs of every transfer: timeouts, retries, redirects, identification, progress pace.
/// Defaults suit multi-gigabyte images from a distant origin; see `docs/fetch.md`.
public struct FetchSettings: Sendable, Hashable {
    /// The version isofleet announces in its User-Agent.
    public static let isofleetVersion = "0.1.0"
    /// `isofleet/<version>`.
    public static let defaultUserAgent = "isofleet/\(isofleetVersion)"

    /// Longest wait for a TCP (and TLS) connection to be established. Default 15 s.
    public var connectTimeout: Duration
    /// A transfer slower than this many bytes per second for ``lowSpeedTime`` is abandoned as a
    /// timeout (then retried, resuming). Default 1 KiB/s.
    public var lowSpeedLimit: Int
    /// How long a transfer may stay below ``lowSpeedLimit``; whole seconds, at least 1. Default 30 s.
    public var lowSpeedTime: Duration
    /// Retries per mirror and the pauses between them.
    public var retry: RetryPolicy
    /// Redirects followed per request (http and https only). Default 5.
    public var maxRedirects: Int
    /// Sent as `User-Agent`. Default `isofleet/<version>`.
    public var userAgent: String
    /// Shortest interval between two progress reports. Default 0.5 s.
    public var progressInterval: Duration
    /// A CA bundle to trust instead of the system's (HTTPS verification is always on).
    public var caBundlePath: String?
    /// libcurl's receive buffer. Default 512 KiB.
    public var receiveBufferSize: Int
    /// Write aligned blocks with `O_DIRECT`, bypassing the page cache (the file system's own
    /// buffered writes are used where it refuses). Default true.
    public var directIO: Bool

    public init(
        connectTimeout: Duration = .seconds(15), lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy(), maxRedirects: Int = 5,
        userAgent: String = FetchSettings.defaultUserAgent, progressInterval: Duration = .milliseconds(500),
        caBundlePath: String? = nil, receiveBufferSize: Int = 512 << 10, directIO: Bool = true
    ) {
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.retry = retry
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
        self.progressInterval = progressInterval
        self.caBundlePath = caBundlePath
        self.receiveBufferSize = receiveBufferSize
        self.directIO = directIO
    }
}
