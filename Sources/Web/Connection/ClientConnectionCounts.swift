import Foundation
import NIOCore
import Synchronization

/// Open connections by client address, shared by every connection's ``ClientConnectionLimit``:
/// at most ``limit`` from one address (an IPv6 client counts by its /64, which one host usually
/// holds whole).
final class ClientConnectionCounts: Sendable {
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection from `client`; false (and not counted) when it already has
    /// ``limit`` open.
    func admit(_ client: String) -> Bool {
        counts.withLock { counts in
            let open = counts[client, default: 0]
            guard open < limit else { return false }
            counts[client] = open + 1
            return true
        }
    }

    /// Forgets a closed connection from `client`.
    func release(_ client: String) {
        counts.withLock { counts in
            let open = counts[client, default: 1] - 1
            counts[client] = open > 0 ? open : nil
        }
    }

    /// The connections open from `client`.
    func open(from client: String) -> Int { counts.withLock { $0[client, default: 0] } }

    /// The key a peer address counts under: the IPv4 address, the /64 of an IPv6 one.
    static func key(of address: SocketAddress?) -> String? {
        guard let address else { return nil }
        switch address {
        case .v4: return address.ipAddress
        case .v6(let v6):
            var prefix = v6.address.sin6_addr
            return withUnsafeBytes(of: &prefix) { bytes in
                // An IPv4-mapped address (::ffff:a.b.c.d) counts as its IPv4 address.
                if bytes.prefix(12).elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]) {
                    return bytes.suffix(4).map(String.init).joined(separator: ".")
                }
                return bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
            }
        case .unixDomainSocket: return "unix"
        }
    }
}
