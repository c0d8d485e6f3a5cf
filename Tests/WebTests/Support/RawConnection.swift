import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP connection to a loopback port driven byte by byte: the hostile clients of issue 15 (early-
/// answered bodies, slowloris headers, idle connections) that no HTTP library sends on purpose.
final class RawConnection {
    private var descriptor: Int32

    /// Connects to `127.0.0.1:port`, from `source` (another loopback address, e.g. `127.0.0.2`)
    /// when given. Sends block at most `sendTimeout`.
    init(port: UInt16, source: String? = nil, sendTimeout: Duration = .milliseconds(200)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError("socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(
            tv_sec: Int(sendTimeout.components.seconds), tv_usec: Int(sendTimeout.milliseconds % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            var local = Self.address(source, port: 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw RawConnectionError("bind \(source): \(String(cString: strerror(errno)))") }
        }
        var remote = Self.address("127.0.0.1", port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw RawConnectionError("connect to port \(port): \(message)")
        }
    }

    deinit { close() }

    /// Sends `text`; false when the peer refused it (reset, closed) or it did not fit in time.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return send(bytes) == bytes.count
    }

    /// Sends as much of `bytes` as the peer takes before the send timeout; the count sent.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count, descriptor >= 0 {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            sent += count
        }
        return sent
    }

    /// Sends `count` bytes of `x`, as much as the peer takes before the send timeout; the count sent.
    @discardableResult
    func sendBody(count: Int) -> Int {
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var sent = 0
        while sent < count {
            let wanted = min(chunk.count, count - sent)
            let part = send(Array(chunk.prefix(wanted)))
            sent += part
            if part < wanted { break }
        }
        return sent
    }

    /// What the peer sends within `timeout`, until it closes or `until` is found.
    func receive(timeout: Duration, until marker: String? = nil) -> String {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while descriptor >= 0, ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = max(1, Int32((deadline - ContinuousClock.now).milliseconds))
            guard poll(&poller, 1, left) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// True when the peer closes (or resets) the connection within `timeout`; what it sends
    /// meanwhile is read and dropped.
    func closesWithin(_ timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while descriptor >= 0, ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = max(1, Int32((deadline - ContinuousClock.now).milliseconds))
            guard poll(&poller, 1, left) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
        }
        return false
    }

    /// Closes the socket.
    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    private static func address(_ host: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }
}

struct RawConnectionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The whole milliseconds.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

/// The open file descriptors of process `pid` (`/proc/PID/fd`).
func openDescriptors(of pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
}

/// True once `condition` holds, checking every 100 ms for at most `timeout`.
func holds(within timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return condition()
}
