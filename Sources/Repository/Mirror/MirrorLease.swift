public import Foundation

/// The lease object (`.isofleet-lease.json` at a mirror's root) that makes one node of a fleet the
/// only writer of a mirror: its holder and when it expires. Another node finding a lease that has
/// not expired skips the mirror; an expired lease is taken over.
public struct MirrorLease: Codable, Sendable, Equatable {
    /// The lease's name at the mirror's root.
    public static let fileName = ".isofleet-lease.json"

    /// Who holds it: the node's host name and data directory (``MirrorSync/holder``).
    public var holder: String
    /// Random, new for every acquisition: tells this sync's lease from an earlier one of the
    /// same holder, and from a lease written by another node at the same moment.
    public var token: String
    public var acquired: Date
    public var expires: Date

    public init(holder: String, token: String, acquired: Date, expires: Date) {
        self.holder = holder
        self.token = token
        self.acquired = acquired
        self.expires = expires
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Decodes a lease; nil when `data` is not one (a damaged lease is treated as absent).
    static func decode(_ data: Data) -> MirrorLease? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(MirrorLease.self, from: data)
    }
}
