internal import CTorrentShim

/// The identity of a torrent: its v1 (SHA-1, 40 hex digits) and/or v2 (SHA-256, 64 hex digits)
/// info-hash, lower-case.
public struct InfoHashes: Hashable, Sendable, CustomStringConvertible {
    /// The v1 info-hash, or nil for a v2-only torrent.
    public let v1: String?
    /// The v2 info-hash, or nil for a v1-only torrent.
    public let v2: String?

    /// Fails with `.invalidArgument` unless each given hash is hex of the right length and at least one is given.
    public init(v1: String?, v2: String?) throws(SwarmError) {
        let v1 = v1?.lowercased()
        let v2 = v2?.lowercased()
        if v1 == nil && v2 == nil { throw SwarmError(.invalidArgument, "an info-hash needs a v1 or a v2 hash") }
        if let v1, CInterop.bytes(hex: v1, count: 20) == nil {
            throw SwarmError(.invalidArgument, "'\(v1)' is not a v1 info-hash (40 hex digits)")
        }
        if let v2, CInterop.bytes(hex: v2, count: 32) == nil {
            throw SwarmError(.invalidArgument, "'\(v2)' is not a v2 info-hash (64 hex digits)")
        }
        self.v1 = v1
        self.v2 = v2
    }

    /// The mode a torrent with these hashes was made in.
    public var mode: TorrentMode {
        switch (v1, v2) {
        case (.some, .some): .hybrid
        case (.some, nil): .v1
        default: .v2
        }
    }

    init(_ hashes: ift_info_hashes) {
        v1 = hashes.has_v1 != 0 ? CInterop.hex(CInterop.bytes(hashes.v1)) : nil
        v2 = hashes.has_v2 != 0 ? CInterop.hex(CInterop.bytes(hashes.v2)) : nil
    }

    /// The C struct for the shim.
    var cValue: ift_info_hashes {
        var hashes = ift_info_hashes()
        if let v1, let bytes = CInterop.bytes(hex: v1, count: 20) {
            hashes.has_v1 = 1
            withUnsafeMutableBytes(of: &hashes.v1) { $0.copyBytes(from: bytes) }
        }
        if let v2, let bytes = CInterop.bytes(hex: v2, count: 32) {
            hashes.has_v2 = 1
            withUnsafeMutableBytes(of: &hashes.v2) { $0.copyBytes(from: bytes) }
        }
        return hashes
    }

    /// Every hash present, v1 first: the names resume data is stored under.
    public var all: [String] { [v1, v2].compactMap { $0 } }

    /// The v1 hash when present, else the v2 hash.
    public var primary: String { v1 ?? v2 ?? "" }

    /// True when both name the same torrent (every kind present on both sides agrees).
    public func matches(_ other: InfoHashes) -> Bool {
        var compared = false
        if let a = v1, let b = other.v1 {
            if a != b { return false }
            compared = true
        }
        if let a = v2, let b = other.v2 {
            if a != b { return false }
            compared = true
        }
        return compared
    }

    public var description: String { primary }
}
