import Foundation
import ISOCatalog
import Node
import ISOStore

/// A held image as `catalog list --json`, `scan --json` and `import --json` print it: the identity
/// fields, then `id`, `path`, `size`, `sha256`, `display_name`, `source`, `state`, `added`.
struct StoredImageJSON: Encodable {
    let image: StoredImage
    /// Extra fields for one command (`outcome`, `note`, `from`, `file_deleted`).
    var extra: [String: ExtraField] = [:]

    /// The value of an extra field.
    enum ExtraField: Encodable {
        case text(String?)
        case flag(Bool)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .flag(let flag): try container.encode(flag)
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try IdentityJSON(identity: image.identity).encodeFields(into: &container)
        try container.encode(image.id, forKey: AnyKey("id"))
        try container.encode(image.path, forKey: AnyKey("path"))
        try container.encode(image.size, forKey: AnyKey("size"))
        try container.encode(image.sha256, forKey: AnyKey("sha256"))
        try container.encode(image.displayName, forKey: AnyKey("display_name"))
        try container.encode(image.source.rawValue, forKey: AnyKey("source"))
        try container.encode(image.state.rawValue, forKey: AnyKey("state"))
        try container.encode(image.added, forKey: AnyKey("added"))
        for (key, value) in extra { try container.encode(value, forKey: AnyKey(key)) }
    }
}
