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
    public init?(parsing text: String, defaultPort: UInt16? = nil) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty, let defaultPort {
                self.init(host: host, port: defaultPort)
                return
            }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0, !host.isEmpty else { return nil }
            self.init(host: host, port: port)
            return
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.lastIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty, let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
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
}
