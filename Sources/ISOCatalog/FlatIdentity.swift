/// The identity fields written inline in a JSON object: `family`, `name`, `flavor`, `version`, `arch`
/// (`null` when absent). Shared by the plan entries so their shape stays one.
struct FlatIdentity: Codable {
    var identity: ImageIdentity

    init(_ identity: ImageIdentity) { self.identity = identity }

    private enum CodingKeys: String, CodingKey { case family, name, flavor, version, arch }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        identity = ImageIdentity(
            family: try container.decode(String.self, forKey: .family),
            name: try container.decode(String.self, forKey: .name),
            flavor: try container.decode(String.self, forKey: .flavor),
            version: try container.decode(Version.self, forKey: .version),
            arch: try container.decodeIfPresent(String.self, forKey: .arch))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identity.family, forKey: .family)
        try container.encode(identity.name, forKey: .name)
        try container.encode(identity.flavor, forKey: .flavor)
        try container.encode(identity.version, forKey: .version)
        try container.encode(identity.arch, forKey: .arch)
    }
}
