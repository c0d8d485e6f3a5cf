/// A rule naming what to keep (design §5): `FAMILY/NAME/FLAVOR@MAJOR.MINOR.PATCH`, plus an
/// optional `arch` and a `keep` count.
///
/// Parse one with `Selection(parsing:)` (in `Selection+Parsing.swift`). `description` is the
/// canonical compact form (`Linux/Ubuntu/Server@22.04`), which parses back to an equal selection;
/// `arch` and `keep` are not part of it.
///
/// Matching is case-insensitive for family, name, flavor and arch; precise version components
/// match components that order the same (`@22.4` matches `22.04`).
public struct Selection: Hashable, Sendable {
    /// The family, never a wildcard.
    public var family: String
    public var name: NamePattern
    public var flavor: NamePattern
    public var version: VersionSelector
    /// Only images of this architecture; images without an `arch` do not match a set `arch`.
    public var arch: String?
    /// How many versions to hold per name+flavor pair: 1 holds only the best, 2 also the one before it.
    /// Values below 1 count as 1.
    public var keep: Int

    public init(
        family: String, name: NamePattern, flavor: NamePattern, version: VersionSelector,
        arch: String? = nil, keep: Int = 1
    ) {
        self.family = family
        self.name = name
        self.flavor = flavor
        self.version = version
        self.arch = arch
        self.keep = keep
    }

    /// True when both name and flavor are precise: the selection resolves to at most one pair.
    public var isPrecise: Bool { name.isPrecise && flavor.isPrecise }

    /// `keep`, but at least 1.
    public var effectiveKeep: Int { max(1, keep) }

    /// True when `identity` fits the family, name, flavor, version selector and arch.
    public func matches(_ identity: ImageIdentity) -> Bool {
        family.lowercased() == identity.family.lowercased()
            && name.matches(identity.name)
            && flavor.matches(identity.flavor)
            && version.matches(identity.version)
            && archMatches(identity.arch)
    }

    private func archMatches(_ imageArch: String?) -> Bool {
        guard let arch else { return true }
        return imageArch?.lowercased() == arch.lowercased()
    }
}

extension Selection: CustomStringConvertible {
    /// The compact form `FAMILY/NAME/FLAVOR@VERSION`, trailing `latest` components dropped.
    public var description: String {
        "\(family)/\(name)/\(flavor)@\(version)"
    }
}

extension Selection: Codable {
    private enum CodingKeys: String, CodingKey { case selection, arch, keep }

    /// Decodes `{"selection": "SPEC", "arch": "amd64", "keep": 2}`; `arch` and `keep` are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let spec = try container.decode(String.self, forKey: .selection)
        let arch = try container.decodeIfPresent(String.self, forKey: .arch)
        let keep = try container.decodeIfPresent(Int.self, forKey: .keep) ?? 1
        do {
            self = try Selection(parsing: spec, arch: arch, keep: keep)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .selection, in: container, debugDescription: error.message)
        }
    }

    /// Encodes `{"selection": "<compact form>", "arch": …|null, "keep": N}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(description, forKey: .selection)
        try container.encode(arch, forKey: .arch)
        try container.encode(keep, forKey: .keep)
    }
}
