public import ISOCatalog

/// An identity as the command line prints it: `{"family", "name", "flavor", "version": {"major",
/// "minor", "patch"}, "arch"}`, absent values as `null` so scripts always find every key.
public struct IdentityJSON: Encodable {
    public let identity: ImageIdentity

    public init(identity: ImageIdentity) { self.identity = identity }

    enum CodingKeys: String, CodingKey { case family, name, flavor, version, arch }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &container)
    }

    /// Writes the identity fields into `container` (also used to flatten them into larger objects).
    public func encodeFields<Key: CodingKey>(into container: inout KeyedEncodingContainer<Key>) throws {
        try container.encode(identity.family, forKey: Key(stringValue: "family")!)
        try container.encode(identity.name, forKey: Key(stringValue: "name")!)
        try container.encode(identity.flavor, forKey: Key(stringValue: "flavor")!)
        try container.encode(identity.version, forKey: Key(stringValue: "version")!)
        try container.encode(identity.arch, forKey: Key(stringValue: "arch")!)
    }
}
