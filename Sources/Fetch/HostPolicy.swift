public import Foundation

/// Which hosts a transfer may connect to (`fetch.allow_hosts`, docs/fetch.md): checked by
/// ``CurlEasy`` on the address of every connection libcurl opens, redirects included, after name
/// resolution, so neither a redirect nor a DNS name that resolves to an internal address escapes it.
///
/// A connection is allowed when its URL's host name matches a name entry (`mirror.example`, or
/// `*.example.com` for any name below it), or its address lies in an address entry
/// (`192.0.2.7`, `10.1.0.0/16`, `fd00::/8`), or the list holds `public` and the address is not
/// internal (``IPAddress/isInternal``: loopback, private, link-local, …). ``unrestricted``
/// (the default of ``FetchSettings``) checks nothing: the node's own requests (the configured
/// manifest, fleet peers, cloud metadata) are not limited; the sources a manifest names are.
public struct HostPolicy: Sendable, Hashable, CustomStringConvertible {
    /// One entry of the list.
    public enum Entry: Sendable, Hashable, CustomStringConvertible {
        /// Any address outside the internal ranges.
        case publicAddresses
        /// Exactly this host name (lower case, no trailing dot), or an address written as a URL host.
        case name(String)
        /// Any name ending in `.` + this suffix.
        case domain(String)
        /// Any address in this range.
        case network(IPNetwork)

        public var description: String {
            switch self {
            case .publicAddresses: "public"
            case .name(let name): name
            case .domain(let suffix): "*.\(suffix)"
            case .network(let network): network.description
            }
        }
    }

    /// nil: unrestricted.
    public let entries: [Entry]?

    /// Checks nothing.
    public static let unrestricted = HostPolicy(entries: nil)

    public init(entries: [Entry]?) { self.entries = entries }

    /// Reads a `fetch.allow_hosts` list: `public`, host names, `*.suffix`, addresses and CIDRs.
    /// - Throws: ``FetchError`` `invalidRequest` naming the entry that is none of these.
    public init(parsing list: [String]) throws(FetchError) {
        var entries: [Entry] = []
        for raw in list {
            let text = raw.trimmingCharacters(in: .whitespaces)
            let lower = Self.normalised(text)
            if lower == "public" {
                entries.append(.publicAddresses)
            } else if let network = IPNetwork(lower) {
                entries.append(.network(network))
            } else if lower.hasPrefix("*."), Self.isHostName(String(lower.dropFirst(2))) {
                entries.append(.domain(String(lower.dropFirst(2))))
            } else if Self.isHostName(lower) {
                entries.append(.name(lower))
            } else {
                throw FetchError(
                    .invalidRequest, url: nil,
                    "fetch.allow_hosts: '\(text)' is not 'public', a host name, '*.domain', an address or a CIDR")
            }
        }
        self.entries = entries
    }

    /// True when this policy checks nothing.
    public var isUnrestricted: Bool { entries == nil }

    /// This policy plus the host of `manifestURL`, whatever it resolves to: the operator chose it.
    /// A `file://` manifest's host is this machine: loopback addresses and `localhost`.
    public func allowing(manifestURL: URL) -> HostPolicy {
        guard let entries else { return self }
        if manifestURL.isFileURL {
            return HostPolicy(
                entries: entries + [
                    .name("localhost"), .network(IPNetwork("127.0.0.0/8")!), .network(IPNetwork("::1")!),
                ])
        }
        guard let host = manifestURL.host, !host.isEmpty else { return self }
        return HostPolicy(entries: entries + [.name(Self.normalised(host))])
    }

    /// True when a connection to `address` for a URL whose host is `host` may be made.
    public func allows(host: String?, address: IPAddress) -> Bool {
        guard let entries else { return true }
        let name = host.map(Self.normalised)
        return entries.contains { entry in
            switch entry {
            case .publicAddresses: !address.isInternal
            case .name(let allowed): name == allowed
            case .domain(let suffix): name?.hasSuffix("." + suffix) == true
            case .network(let network): network.contains(address)
            }
        }
    }

    public var description: String {
        entries.map { $0.map(\.description).joined(separator: ", ") } ?? "unrestricted"
    }

    /// Lower case, without a trailing dot or IPv6 brackets.
    static func normalised(_ host: String) -> String {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func isHostName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            }
    }
}
