/// What one selection resolves to in a manifest: its best images, or why there are none.
///
/// Encodes as one element of `resolve --json` (design §8):
/// `{"selection": "SPEC as given", "images": [ManifestImage…], "error": "…"}` (`error` only when unresolved).
public struct Resolution: Hashable, Sendable, Encodable {
    public var selection: Selection
    /// The spec as the user gave it; defaults to the selection's compact form.
    public var spec: String
    /// Best first within each name+flavor pair; pairs ordered by family, name, flavor.
    /// One pair for a precise selection, one per pair for wildcards, up to `keep` versions per pair.
    public var images: [ManifestImage]
    /// Set exactly when `images` is empty.
    public var error: ResolutionError?

    public init(selection: Selection, spec: String? = nil, images: [ManifestImage], error: ResolutionError? = nil) {
        self.selection = selection
        self.spec = spec ?? selection.description
        self.images = images
        self.error = error
    }

    /// True when at least one image was found.
    public var isResolved: Bool { error == nil }

    /// The best image of every pair (the first of each), for callers that ignore `keep`.
    public var bestImages: [ManifestImage] {
        var seen = Set<String>()
        return images.filter { seen.insert(Resolver.pairKey($0.identity)).inserted }
    }

    private enum CodingKeys: String, CodingKey { case selection, images, error }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(spec, forKey: .selection)
        try container.encode(images, forKey: .images)
        try container.encodeIfPresent(error?.message, forKey: .error)
    }
}
