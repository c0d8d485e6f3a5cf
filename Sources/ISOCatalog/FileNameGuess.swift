/// What ``FileNameParser/guess(_:)`` could still read from a name it cannot parse: the parts of an
/// identity it recognised, each nil when absent. Never used as an identity by itself; it prefills
/// the "classify" form of an unclassified file and explains what was missing.
public struct FileNameGuess: Hashable, Sendable, Codable {
    public var family: String?
    public var name: String?
    public var flavor: String?
    public var version: Version?
    public var arch: String?

    public init(
        family: String? = nil, name: String? = nil, flavor: String? = nil, version: Version? = nil,
        arch: String? = nil
    ) {
        self.family = family
        self.name = name
        self.flavor = flavor
        self.version = version
        self.arch = arch
    }

    /// One line for an operator: `recognised name Rocky Linux (Linux), arch x86_64; missing flavor,
    /// version`, or that nothing was recognised.
    public var summary: String {
        var found: [String] = []
        var missing: [String] = []
        if let name { found.append("name \(name)" + (family.map { " (\($0))" } ?? "")) } else { missing.append("name") }
        if let flavor { found.append("flavor \(flavor)") } else { missing.append("flavor") }
        if let version { found.append("version \(version)") } else { missing.append("version") }
        if let arch { found.append("arch \(arch)") }
        guard !found.isEmpty else { return "no known distribution name, flavour, version or architecture in it" }
        return "recognised " + found.joined(separator: ", ")
            + (missing.isEmpty
                ? "; but no naming pattern of \(name ?? "it") matches the whole name"
                : "; missing " + missing.joined(separator: ", "))
    }
}
