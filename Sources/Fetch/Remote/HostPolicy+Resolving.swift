import Foundation

extension HostPolicy {
    /// Resolves `host` and throws ``FetchError/Code/hostRefused`` unless the policy allows every
    /// address it resolves to: the check libcurl's transfers get from `HostGuard`, for the
    /// clients that open their own sockets (libsmbclient, libnfs). Blocking (getaddrinfo).
    public func check(host: String, for location: RemoteLocation) throws(FetchError) {
        guard !isUnrestricted else { return }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else {
            throw FetchError(.network, url: location.url, "\(location): cannot resolve \(host)")
        }
        for address in addresses where !allows(host: host, address: address) {
            throw FetchError(
                .hostRefused, url: location.url,
                "\(location): \(host) (\(address)) is not allowed by fetch.allow_hosts (\(self))")
        }
    }

    /// Every address `host` resolves to (an address literal is itself).
    static func resolve(_ host: String) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var cursor = list
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin_addr) {
                            found.append(contentsOf: IPAddress(bytes: Array($0)).map { [$0] } ?? [])
                        }
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) {
                            found.append(contentsOf: IPAddress(bytes: Array($0)).map { [$0] } ?? [])
                        }
                    }
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}
