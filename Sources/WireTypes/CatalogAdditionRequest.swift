public import ISOCatalog

/// An image to add to the catalog as JSON describes it (`catalog add --json`, `POST
/// /api/v1/catalog`): the identity fields, `path`, and optional `display_name` and `sha256`.
/// `version` is an object (components as strings or integers) or a `"X.Y.Z"` string. Unknown
/// fields are ignored.
public struct CatalogAdditionRequest: Decodable, Sendable, Equatable {
    public var family: String
    public var name: String
    public var flavor: String
    public var version: Version
    public var arch: String?
    /// The ISO file on the node's file system.
    public var path: String
    public var displayName: String?
    public var sha256: String?

    enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, path, sha256
        case displayName = "display_name"
    }

    public init(
        family: String, name: String, flavor: String, version: Version, arch: String?, path: String,
        displayName: String?, sha256: String?
    ) {
        self.family = family
        self.name = name
        self.flavor = flavor
        self.version = version
        self.arch = arch
        self.path = path
        self.displayName = displayName
        self.sha256 = sha256
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        family = try container.decode(String.self, forKey: .family)
        name = try container.decode(String.self, forKey: .name)
        flavor = try container.decode(String.self, forKey: .flavor)
        if let text = try? container.decode(String.self, forKey: .version) {
            guard let parsed = IdentityFields.version(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .version, in: container, debugDescription: "'\(text)' is not MAJOR[.MINOR[.PATCH]]")
            }
            version = parsed
        } else {
            version = try container.decode(Version.self, forKey: .version)
        }
        arch = try container.decodeIfPresent(String.self, forKey: .arch)
        path = try container.decode(String.self, forKey: .path)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
    }
}
