/// How a ``SwarmSession`` is set up. The defaults are the fleet's (design §10): TCP only,
/// no DHT, LSD, UPnP or NAT-PMP, several peers per IP address allowed.
public struct SwarmSettings: Sendable, Hashable {
    /// Where to listen: `host:port`, or a comma-separated list in libtorrent's syntax
    /// (`0.0.0.0:6881,[::]:6881`). Port 0 picks a free port (``SwarmSession/listenPort``).
    public var listen: String
    /// uTP in and out. Off: on loopback it moved ~8 MiB/s where TCP moved ~300 MiB/s.
    public var enableUTP = false
    public var enableDHT = false
    public var enableLSD = false
    public var enableUPnP = false
    public var enableNATPMP = false
    /// Needed when several nodes share an address (loopback tests, NAT).
    public var allowMultipleConnectionsPerIP = true
    /// Threads hashing pieces; libtorrent's default of 1 halves hybrid hashing speed.
    public var hashingThreads = 2
    /// Disk I/O threads.
    public var diskThreads = 10
    /// Session-wide rate limits in bytes per second (0 = unlimited), local peers included.
    public var uploadRateLimit = 0
    public var downloadRateLimit = 0
    /// Maximum peer connections.
    public var connectionsLimit = 200

    /// Fleet defaults listening on `listen`.
    public init(listen: String = "0.0.0.0:6881") { self.listen = listen }
}
