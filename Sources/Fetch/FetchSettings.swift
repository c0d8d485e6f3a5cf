/// The knobs of every transfer: timeouts, retries, redirects, identification, progress pace, and
/// the bounds every fetch keeps (a size cap, a minimum average rate).
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
    /// The largest file fetched when the manifest gives no size (`fetch.max_size`); a larger
    /// expected size is refused before any request. Default 64 GiB.
    public var maxSize: Int64
    /// The lowest average rate, in bytes per second, a transfer must keep over each
    /// ``minimumRateWindow`` (`fetch.min_rate`); a slower mirror is abandoned for the next one.
    /// 0 turns the check off. Default 16 KiB/s.
    public var minimumRate: Int
    /// The window the average rate is measured over, back to back from the start of each request
    /// (`fetch.min_rate_window`). Default 60 s.
    public var minimumRateWindow: Duration

    /// The hosts transfers may connect to (``HostPolicy``): unrestricted by default; the node
    /// limits the sources a manifest names (`fetch.allow_hosts`).
    public var hostPolicy: HostPolicy = .unrestricted

    /// 64 GiB: the default ``maxSize``.
    public static let defaultMaxSize: Int64 = 64 << 30
    /// 16 KiB/s: the default ``minimumRate``.
    public static let defaultMinimumRate = 16 << 10
    /// 60 s: the default ``minimumRateWindow``.
    public static let defaultMinimumRateWindow = Duration.seconds(60)

    public init(
        connectTimeout: Duration = .seconds(15), lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy(), maxRedirects: Int = 5,
        userAgent: String = FetchSettings.defaultUserAgent, progressInterval: Duration = .milliseconds(500),
        caBundlePath: String? = nil, receiveBufferSize: Int = 512 << 10, directIO: Bool = true,
        maxSize: Int64 = FetchSettings.defaultMaxSize, minimumRate: Int = FetchSettings.defaultMinimumRate,
        minimumRateWindow: Duration = FetchSettings.defaultMinimumRateWindow
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
        self.maxSize = maxSize
        self.minimumRate = minimumRate
        self.minimumRateWindow = minimumRateWindow
    }
}
