public import Common
import Foundation

/// The `dns` provider: every A and AAAA record of `fleet.dns_name`, each at `fleet.port`.
///
/// Resolves with the system resolver (`getaddrinfo`, so `/etc/hosts` counts too) on a thread of
/// its own.
public struct DNSDiscovery: DiscoveryProvider {
    /// `dns`.
    public var name: String { "dns" }
    /// The name whose addresses are the fleet.
    public let hostName: String
    /// The port every peer listens on.
    public let port: UInt16

    /// A provider resolving `hostName`.
    public init(hostName: String, port: UInt16) {
        self.hostName = hostName
        self.port = port
    }

    /// The name's addresses now, each at ``port``; throws ``DiscoveryError`` (`.resolution`) naming it.
    public func peers() async throws -> [HostPort] {
        let hostName = hostName
        let port = port
        return try await OffPool.run("isofleet-dns") { () throws(DiscoveryError) -> [HostPort] in
            try Self.resolve(hostName).map { HostPort(host: $0, port: port) }
        }
    }

    /// The distinct numeric addresses of `hostName`, IPv4 first, in resolver order otherwise.
    static func resolve(_ hostName: String) throws(DiscoveryError) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(hostName, nil, &hints, &list)
        guard status == 0 else {
            throw DiscoveryError(
                .resolution, "dns: '\(hostName)' does not resolve: \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var v4: [String] = []
        var v6: [String] = []
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ai_next }
            guard let address = current.pointee.ai_addr else { continue }
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    address, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if current.pointee.ai_family == AF_INET6 {
                if !v6.contains(text) { v6.append(text) }
            } else if !v4.contains(text) {
                v4.append(text)
            }
        }
        guard !(v4.isEmpty && v6.isEmpty) else {
            throw DiscoveryError(.resolution, "dns: '\(hostName)' has no A or AAAA record")
        }
        return v4 + v6
    }
}
