public import Foundation

/// The trackers (`tr=`, `tr.N=`) of a magnet link that the node may announce to: a magnet from a
/// manifest or a request must not make the node contact arbitrary services. Kept: `http`, `https`
/// and `udp` trackers whose host is a name or a public address. Dropped: any other scheme, and
/// `localhost` or an internal address literal (loopback, private, link-local, … — see
/// ``IPAddress/isInternal``) unless `allowsInternal` accepts that host.
///
/// Only literal hosts are judged here: a tracker *name* that resolves to an internal address is
/// left to libtorrent, which resolves it (checking the resolved address would need a hook in the
/// swarm shim).
public enum MagnetTrackers {
    /// The tracker schemes kept.
    public static let allowedSchemes: Set<String> = ["http", "https", "udp"]

    /// `magnet` without the trackers the node must not announce to, and those trackers (decoded).
    /// Everything else of the link is kept as written.
    public static func filter(
        _ magnet: String, allowsInternal: (String) -> Bool = { _ in false }
    ) -> (magnet: String, dropped: [String]) {
        guard let question = magnet.firstIndex(of: "?") else { return (magnet, []) }
        let parameters = magnet[magnet.index(after: question)...].split(
            separator: "&", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var dropped: [String] = []
        for parameter in parameters {
            let name = parameter.prefix { $0 != "=" }.lowercased()
            guard name == "tr" || name.hasPrefix("tr.") else {
                kept.append(parameter)
                continue
            }
            let value = String(parameter.dropFirst(name.count + 1))
            let tracker = value.removingPercentEncoding ?? value
            if isAllowed(tracker, allowsInternal: allowsInternal) {
                kept.append(parameter)
            } else {
                dropped.append(tracker)
            }
        }
        return (String(magnet[...question]) + kept.joined(separator: "&"), dropped)
    }

    /// True when the node may announce to `tracker` (a whole tracker URL).
    public static func isAllowed(_ tracker: String, allowsInternal: (String) -> Bool = { _ in false }) -> Bool {
        guard let url = URL(string: tracker), let scheme = url.scheme?.lowercased(), allowedSchemes.contains(scheme),
            let host = url.host?.lowercased(), !host.isEmpty
        else { return false }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let isInternal =
            bare == "localhost" || bare.hasSuffix(".localhost") || (IPAddress(bare)?.isInternal ?? false)
            || Self.isNumericIPv4Shorthand(bare)
        return !isInternal || allowsInternal(bare)
    }

    /// `2130706433`, `0x7f000001`, `127.1`: forms resolvers read as IPv4 addresses although they are
    /// not dotted quads; judged as internal rather than parsed.
    private static func isNumericIPv4Shorthand(_ host: String) -> Bool {
        guard IPAddress(host) == nil else { return false }
        return host.split(separator: ".").allSatisfy { part in
            !part.isEmpty
                && (part.allSatisfy(\.isNumber) || (part.hasPrefix("0x") && part.dropFirst(2).allSatisfy(\.isHexDigit)))
        }
    }
}
