/// One outcome of adding an image to the catalog (`catalog add`, `POST /api/v1/catalog`): the
/// image as stored, with `file`, `outcome` and `note` beside its fields, or `{"file", "error"}`.
public enum CatalogResultJSON: Encodable, Sendable, Equatable {
    case added(ImageJSON)
    case failed(file: String, error: String)

    /// The added image, nil for a failure.
    public var image: ImageJSON? {
        if case .added(let image) = self { image } else { nil }
    }

    enum CodingKeys: String, CodingKey { case file, error }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .added(let image):
            try image.encode(to: encoder)
        case .failed(let file, let error):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(error, forKey: .error)
        }
    }
}
