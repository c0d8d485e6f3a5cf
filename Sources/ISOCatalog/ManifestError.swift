/// Why a manifest was refused (design §3). The whole manifest is invalid; the node keeps the last good one.
///
/// `message` names the image by index and, when its identity fields were readable, by identity, then
/// the field: `images[3] (Linux/Ubuntu/Server@22.04.3): sha256 is not 64 hex digits`.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case notJSON
        case unsupportedFormat
        case wrongType
        case missingField
        case emptyField
        case unsafeValue
        case invalidDate
        case invalidSHA256
        case negativeSize
        case noSource
        case invalidSource
        case duplicateIdentity
        /// An object of the document holds one key twice (readers disagree on which counts).
        case duplicateKey
    }

    public var code: Code
    /// The index in `images`, when the error is about one image.
    public var imageIndex: Int?
    /// The image's identity, when its identity fields were valid.
    public var identity: ImageIdentity?
    /// The offending field as a JSON path below the image (or the top level): `sha256`, `version.major`.
    public var field: String?
    /// The one-line explanation.
    public var message: String

    public init(
        _ code: Code, imageIndex: Int? = nil, identity: ImageIdentity? = nil, field: String? = nil, detail: String
    ) {
        self.code = code
        self.imageIndex = imageIndex
        self.identity = identity
        self.field = field
        var location = imageIndex.map { "images[\($0)]" } ?? ""
        if let identity { location += " (\(identity))" }
        self.message = location.isEmpty ? detail : "\(location): \(detail)"
    }

    public var description: String { message }
}
