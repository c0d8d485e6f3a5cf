public import Foundation
public import ISOCatalog

/// A held image as the API (`/api/v1/images`), the command line (`catalog list --json`, `scan
/// --json`, `import --json`) and fleet peers speak it: the identity fields (absent ones as
/// `null`), then `id`, `path`, `size`, `sha256`, `display_name`, `source`, `state`, `added`; the
/// API adds `url` (its `/files/` URL while present) and `seeding` (while the swarm seeds it).
public struct ImageJSON: Codable, Sendable, Equatable {
    public var family: String
    public var name: String
    public var flavor: String
    public var version: Version
    public var arch: String?
    public var id: Int64?
    /// Relative to the repository root.
    public var path: String
    public var size: Int64
    public var sha256: String?
    public var displayName: String?
    /// `manifest`, `magnet`, `scan`, `import` or `catalog`.
    public var source: String
    /// `present`, `verifying` or `missing`.
    public var state: String
    public var added: Date
    public var url: String?
    public var seeding: SeedingFigures?
    /// Fields one command adds to each image (`outcome`, `note`, `from`, `file_deleted`).
    public var extra: [String: ExtraField] = [:]

    /// The value of an extra field.
    public enum ExtraField: Codable, Sendable, Equatable {
        case text(String?)
        case flag(Bool)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else {
                self = .text(try container.decode(String?.self))
            }
        }

        /// The text of a `.text` field.
        public var text: String? {
            if case .text(let text) = self { text } else { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .flag(let flag): try container.encode(flag)
            }
        }
    }

    public init(
        identity: ImageIdentity, id: Int64?, path: String, size: Int64, sha256: String?, displayName: String?,
        source: String, state: String, added: Date, url: String? = nil, seeding: SeedingFigures? = nil
    ) {
        family = identity.family
        name = identity.name
        flavor = identity.flavor
        version = identity.version
        arch = identity.arch
        self.id = id
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.displayName = displayName
        self.source = source
        self.state = state
        self.added = added
        self.url = url
        self.seeding = seeding
    }

    /// The identity fields as an ``ImageIdentity``.
    public var identity: ImageIdentity {
        ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)
    }

    private static let fixedKeys: Set<String> = [
        "family", "name", "flavor", "version", "arch", "id", "path", "size", "sha256", "display_name", "source",
        "state", "added", "url", "seeding",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        family = try container.decode(String.self, forKey: AnyKey("family"))
        name = try container.decode(String.self, forKey: AnyKey("name"))
        flavor = try container.decode(String.self, forKey: AnyKey("flavor"))
        version = try container.decode(Version.self, forKey: AnyKey("version"))
        arch = try container.decodeIfPresent(String.self, forKey: AnyKey("arch"))
        id = try container.decodeIfPresent(Int64.self, forKey: AnyKey("id"))
        path = try container.decode(String.self, forKey: AnyKey("path"))
        size = try container.decode(Int64.self, forKey: AnyKey("size"))
        sha256 = try container.decodeIfPresent(String.self, forKey: AnyKey("sha256"))
        displayName = try container.decodeIfPresent(String.self, forKey: AnyKey("display_name"))
        source = try container.decode(String.self, forKey: AnyKey("source"))
        state = try container.decode(String.self, forKey: AnyKey("state"))
        added = try container.decode(Date.self, forKey: AnyKey("added"))
        url = try container.decodeIfPresent(String.self, forKey: AnyKey("url"))
        seeding = try container.decodeIfPresent(SeedingFigures.self, forKey: AnyKey("seeding"))
        for key in container.allKeys where !Self.fixedKeys.contains(key.stringValue) {
            extra[key.stringValue] = try? container.decode(ExtraField.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try IdentityJSON(identity: identity).encodeFields(into: &container)
        try container.encode(id, forKey: AnyKey("id"))
        try container.encode(path, forKey: AnyKey("path"))
        try container.encode(size, forKey: AnyKey("size"))
        try container.encode(sha256, forKey: AnyKey("sha256"))
        try container.encode(displayName, forKey: AnyKey("display_name"))
        try container.encode(source, forKey: AnyKey("source"))
        try container.encode(state, forKey: AnyKey("state"))
        try container.encode(added, forKey: AnyKey("added"))
        try container.encodeIfPresent(url, forKey: AnyKey("url"))
        try container.encodeIfPresent(seeding, forKey: AnyKey("seeding"))
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: AnyKey(key)) }
    }
}

extension ImageJSON {
    /// The two fields of an image that tell whether a node holds it (`sha256`, `state`): what a
    /// draining node reads from a peer's `/api/v1/images`, tolerant of every other field.
    public struct Holding: Codable, Sendable, Equatable {
        public var sha256: String?
        public var state: String

        public init(sha256: String?, state: String) {
            self.sha256 = sha256
            self.state = state
        }
    }
}
