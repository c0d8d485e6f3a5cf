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
}

extension ImageIdentity: CustomStringConvertible {
    /// The compact form `FAMILY/NAME/FLAVOR@VERSION`, with `[arch]` appended when known.
    public var description: String {
        "\(family)/\(name)/\(flavor)@\(version)" + (arch.map { " [\($0)]" } ?? "")
    }
}
