/// An image the update run should fetch: a best image that is not held.
///
/// Encodes flat: `{"family", "name", "flavor", "version": {…}, "arch", "path", "source", "selections"}`.
public struct PlannedFetch: Hashable, Sendable, Codable {
    public var image: ManifestImage
    /// Where the layout places it, relative to the repository root.
    public var path: String
    /// The preferred source kind.
    public var source: SourceKind
    /// Specs of the selections that resolve to it.
    public var selections: [String]

    public init(image: ManifestImage, path: String, source: SourceKind, selections: [String]) {
        self.image = image
        self.path = path
        self.source = source
        self.selections = selections
    }

    public var identity: ImageIdentity { image.identity }

    private enum CodingKeys: String, CodingKey { case path, source, selections }

    public init(from decoder: any Decoder) throws {
        let identity = try FlatIdentity(from: decoder).identity
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        source = try container.decode(SourceKind.self, forKey: .source)
        selections = try container.decodeIfPresent([String].self, forKey: .selections) ?? []
        image = ManifestImage(identity: identity, sources: ImageSources())
    }

    public func encode(to encoder: any Encoder) throws {
        try FlatIdentity(image.identity).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(source, forKey: .source)
        try container.encode(selections, forKey: .selections)
    }
}
