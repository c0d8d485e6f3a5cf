/// Where a held image stands on disk.
public enum HoldingState: String, Hashable, Sendable, Codable, CaseIterable {
    /// The file is in place and its bytes were verified (sha256 or piece hashes).
    case verified
    /// The file is in place but not (yet) verified.
    case unverified
    /// The store knows the image but the file is not in place (being fetched, or lost).
    case missing

    /// True only for `.verified`: the image can replace another.
    public var isPresentAndVerified: Bool { self == .verified }

    /// True for `.verified` and `.unverified`: no fetch is needed.
    public var isPresent: Bool { self != .missing }
}
