import Foundation

/// A `host:port` endpoint: a fleet peer's BitTorrent port, a listen address, a web server.
/// The one parser of `host:port`, `[v6]:port` and bare hosts in the project.
public struct HostPort: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// An IPv4/IPv6 address or a host name, without brackets.
    public let host: String
    /// The TCP port.
    public let port: UInt16

    /// The endpoint `host:port`.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6]:port`, or a bare host (then `defaultPort`); nil when malformed.
    /// Port 0 ("any port", for a listen address) only with `allowingPortZero`.
    public init?(parsing text: String, defaultPort: UInt16? = nil, allowingPortZero: Bool = false) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty, let defaultPort {
                self.init(host: host, port: defaultPort)
                return
            }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 || allowingPortZero, !host.isEmpty
            else { return nil }
            self.init(host: host, port: port)
            return
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.lastIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty, let port = UInt16(text[text.index(after: colon)...]), port > 0 || allowingPortZero
            else { return nil }
            self.init(host: host, port: port)
        } else if let defaultPort, !text.isEmpty, colons != 1 {
            self.init(host: text, port: defaultPort)
        } else {
            return nil
        }
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// By host, then port: the order peer lists are published in.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.host, lhs.port) < (rhs.host, rhs.port)
    }

    /// Where peers can reach a node listening on `listen` (`host:port`, the port now bound being
    /// `port`): nil when it listens on every address (`0.0.0.0`, `[::]`) or on several.
    public static func advertised(listen: String, port: UInt16) -> HostPort? {
        guard !listen.contains(","), let endpoint = HostPort(parsing: listen, allowingPortZero: true) else {
            return nil
        }
        if endpoint.host == "0.0.0.0" || endpoint.host == "::" || endpoint.host.isEmpty { return nil }
        return HostPort(host: endpoint.host, port: port)
    }
}
