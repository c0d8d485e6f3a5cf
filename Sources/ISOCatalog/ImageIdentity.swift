/// What makes an image the image it is: `Linux/Ubuntu/Server@22.04.3` on `amd64`.
///
/// Two images with the same identity are the same image, whatever their file names.
public struct ImageIdentity: Hashable, Sendable, Codable {
    /// The broad kind of system: `Linux`, `Windows`, `BSD`.
    public var family: String
    /// The distribution or product: `Ubuntu`, `Debian`, `Windows 11`.
    public var name: String
    /// The edition: `Server`, `Desktop`, `Netinst`.
    public var flavor: String
    /// The version as the publisher writes it.
    public var version: Version
    /// The CPU architecture, when the publisher names one (`amd64`, `x64`, `arm64`).
    public var arch: String?

    public init(family: String, name: String, flavor: String, version: Version, arch: String? = nil) {
        self.family = family
        self.name = name
        self.flavor = flavor
        self.version = version
        self.arch = arch
    }

    private enum CodingKeys: String, CodingKey { case family, name, flavor, version, arch }

    /// Writes every key; an absent `arch` is `null` (the `parse-name --json` identity shape).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(family, forKey: .family)
        try container.encode(name, forKey: .name)
        try container.encode(flavor, forKey: .flavor)
        try container.encode(version, forKey: .version)
        try container.encode(arch, forKey: .arch)
    }
}

extension ImageIdentity: CustomStringConvertible {
    /// The compact form `FAMILY/NAME/FLAVOR@VERSION`, with `[arch]` appended when known.
    public var description: String {
        "\(family)/\(name)/\(flavor)@\(version)" + (arch.map { " [\($0)]" } ?? "")
    }
}
