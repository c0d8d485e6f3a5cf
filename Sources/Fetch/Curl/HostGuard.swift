import CCurl
import Foundation

/// Applies a ``HostPolicy`` to one libcurl handle: libcurl asks ``open(_:)`` for a socket before
/// every connection (the first and each redirect's), with the address it resolved; a refused
/// address gets no socket, and the refusal is kept for the error message.
///
/// Used by the handle's thread only, like the handle.
final class HostGuard {
    let policy: HostPolicy
    private let handle: UnsafeMutableRawPointer
    /// Why the last connection was refused, nil when none was.
    private(set) var refusal: String?

    init(policy: HostPolicy, handle: UnsafeMutableRawPointer) {
        self.policy = policy
        self.handle = handle
    }

    /// Installs the guard on the handle; the guard must outlive it (the handle's owner keeps it).
    func install() -> CURLcode {
        ifc_set_opensocket_callback(
            handle,
            { context, _, address in
                guard let context, let address else { return -1 }
                return Unmanaged<HostGuard>.fromOpaque(context).takeUnretainedValue().open(address)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// A socket for `address` when the policy allows it, else -1 (CURL_SOCKET_BAD).
    private func open(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        let ip: IPAddress? =
            withUnsafeMutablePointer(to: &address.pointee.addr) { pointer in
                let raw = UnsafeRawPointer(pointer)
                switch family {
                case AF_INET:
                    let v4 = raw.assumingMemoryBound(to: sockaddr_in.self).pointee.sin_addr
                    return withUnsafeBytes(of: v4) { IPAddress(bytes: Array($0)) }
                case AF_INET6:
                    let v6 = raw.assumingMemoryBound(to: sockaddr_in6.self).pointee.sin6_addr
                    return withUnsafeBytes(of: v6) { IPAddress(bytes: Array($0)) }
                default:
                    return nil
                }
            }
        let host = currentHost()
        guard let ip, policy.allows(host: host, address: ip) else {
            let what = ip.map { "\(host ?? "?") (\($0))" } ?? "\(host ?? "?") (not an IP address)"
            refusal = "\(what) is not allowed by fetch.allow_hosts (\(policy))"
            return -1
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }

    /// The host of the URL being connected to: the effective URL, which libcurl moves to each
    /// redirect's target before connecting.
    private func currentHost() -> String? {
        var pointer: UnsafePointer<CChar>?
        guard ifc_getinfo_string(&pointer, handle, CURLINFO_EFFECTIVE_URL) == CURLE_OK, let pointer else { return nil }
        return URLComponents(string: String(cString: pointer))?.host
    }
}
