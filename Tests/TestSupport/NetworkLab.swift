import Foundation

/// A small network of Linux network namespaces for multi-host tests: one bridge in the root
/// namespace and, per host, a namespace joined to it by a veth pair, with its own `10.66.L.N/24`
/// address on `eth0` and `lo` up. Processes run inside a host through `ip netns exec` (which execs
/// the program, so the ``ChildProcess`` pid is the program's own).
///
/// Needs root and iproute2 only. Every name starts with ``namePrefix`` followed by the creating
/// process id in hex (`ifl<pid>-<lab>…`, at most 15 characters for interfaces), so parallel labs
/// never collide and ``removeStale()`` can remove what a crashed run left behind (names whose
/// process is gone). ``tearDown()`` (also run on deinit) kills whatever still runs in the hosts and
/// removes the namespaces, veths and the bridge, whether the test passed or threw.
///
/// No address is set in the root namespace, so labs may reuse the same subnet; reach a host's
/// services from inside another host (``execute(in:_:_:)``), e.g. `curl` in a client namespace.
public final class NetworkLab: @unchecked Sendable {
    // @unchecked: `hosts` and `removed` are only touched under `lock`.
    /// The start of every name a lab creates.
    public static let namePrefix = "ifl"

    /// `ifl<pid hex>-<lab>`: the prefix of this lab's namespaces and interfaces.
    public let prefix: String
    /// The bridge joining the hosts (in the root namespace).
    public let bridge: String
    /// The first three octets of the hosts' addresses (`10.66.L`).
    public let subnet: String
    /// Where the output of processes started in the lab goes.
    public let logDirectory: String

    private let lock = NSLock()
    private var hostList: [LabHost] = []
    private var removed = false
    private nonisolated(unsafe) static var labCount = 0
    private static let countLock = NSLock()

    /// Removes stale leftovers of crashed runs, then creates the bridge.
    ///
    /// - Parameter logDirectory: where processes started in the lab log (``run(in:_:_:environment:workingDirectory:)``).
    public init(logDirectory: String) throws {
        try Self.requireRoot()
        Self.removeStale()
        let number = Self.countLock.withLock { () -> Int in
            Self.labCount += 1
            return Self.labCount
        }
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        prefix = Self.namePrefix + String(getpid(), radix: 16) + "-" + String(digits[number % digits.count])
        bridge = prefix + "b"
        subnet = "10.66.\(number % 256)"
        self.logDirectory = logDirectory
        try Self.ip(["link", "add", bridge, "type", "bridge"])
        do {
            // Forward at once: no STP listening delay on the bridge ports.
            try Self.ip(["link", "set", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0"])
            try Self.ip(["link", "set", bridge, "up"])
        } catch {
            tearDown()
            throw error
        }
    }

    deinit { tearDown() }

    /// The hosts added so far, in order.
    public var hosts: [LabHost] { lock.withLock { hostList } }

    /// Adds a host: a namespace `PREFIXnI` whose `eth0` (a veth into the bridge) has `10.66.L.(I+1)`.
    @discardableResult
    public func addHost() throws -> LabHost {
        let index = lock.withLock { hostList.count }
        guard index < 250 else { throw NetworkLabError("a lab holds at most 250 hosts") }
        let host = LabHost(namespace: prefix + "n\(index)", address: "\(subnet).\(index + 1)", index: index)
        let outside = prefix + "v\(index)"
        let inside = prefix + "p\(index)"
        try Self.ip(["netns", "add", host.namespace])
        lock.withLock { hostList.append(host) }
        try Self.ip(["link", "add", outside, "type", "veth", "peer", "name", inside])
        try Self.ip(["link", "set", outside, "master", bridge, "up"])
        try Self.ip(["link", "set", inside, "netns", host.namespace])
        try Self.ip(["-n", host.namespace, "link", "set", inside, "name", "eth0"])
        try Self.ip(["-n", host.namespace, "addr", "add", host.address + "/24", "dev", "eth0"])
        try Self.ip(["-n", host.namespace, "link", "set", "eth0", "up"])
        try Self.ip(["-n", host.namespace, "link", "set", "lo", "up"])
        return host
    }

    /// Caps what `host` sends (its `eth0` egress) with a token bucket:
    /// `tc qdisc add dev eth0 root tbf rate RATE burst 64kb latency 50ms`.
    ///
    /// - Parameter rate: a tc rate, e.g. `200mbit`.
    public func shapeEgress(of host: LabHost, rate: String) throws {
        let result = try CommandResult.run(
            "ip",
            [
                "netns", "exec", host.namespace, "tc", "qdisc", "add", "dev", "eth0", "root", "tbf",
                "rate", rate, "burst", "64kb", "latency", "50ms",
            ])
        guard result.status == 0 else {
            throw NetworkLabError(
                "tc tbf rate \(rate) on \(host.namespace): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
    }

    /// Starts `executable ARGUMENTS` inside `host`; output goes to the lab's log directory.
    public func run(
        in host: LabHost, _ executable: String, _ arguments: [String],
        environment: [String: String]? = nil, workingDirectory: String? = nil
    ) throws -> ChildProcess {
        try ChildProcess(
            "ip", ["netns", "exec", host.namespace, try ChildProcess.locate(executable)] + arguments,
            logDirectory: logDirectory, environment: environment, workingDirectory: workingDirectory)
    }

    /// Runs `executable ARGUMENTS` inside `host` to completion.
    public func execute(
        in host: LabHost, _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) throws -> CommandResult {
        try CommandResult.run(
            "ip", ["netns", "exec", host.namespace, try ChildProcess.locate(executable)] + arguments,
            environment: environment)
    }

    /// Waits until something in `host` accepts TCP connections on `port` of its address.
    public func waitUntilListening(_ host: LabHost, port: UInt16, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let probe = try execute(in: host, "bash", ["-c", "exec 3<>/dev/tcp/\(host.address)/\(port)"])
            if probe.status == 0 { return }
            guard ContinuousClock.now < deadline else {
                throw NetworkLabError(
                    "nothing listens on \(host.address):\(port) in \(host.namespace) after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Kills every process left in the hosts, deletes the namespaces, the veths and the bridge.
    /// Idempotent; errors are ignored (what is gone is gone).
    public func tearDown() {
        let hosts: [LabHost]? = lock.withLock {
            guard !removed else { return nil }
            removed = true
            return hostList
        }
        guard let hosts else { return }
        for host in hosts { Self.removeNamespace(host.namespace) }
        for host in hosts { _ = try? CommandResult.run("ip", ["link", "del", prefix + "v\(host.index)"]) }
        _ = try? CommandResult.run("ip", ["link", "del", bridge])
    }
}
