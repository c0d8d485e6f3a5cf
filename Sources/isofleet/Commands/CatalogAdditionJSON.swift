import Foundation
import ISOCatalog
import Node

/// The JSON accepted by `catalog add --json`: one object or an array of objects with the identity
/// fields, `path`, and optional `display_name` and `sha256`. `version` is an object (components as
/// strings or integers) or a `"X.Y.Z"` string. Unknown fields are ignored.
struct CatalogAdditionJSON: Decodable {
    var family: String
    var name: String
    var flavor: String
    var version: Version
    var arch: String?
    var path: String
    var displayName: String?
    var sha256: String?

    enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, path, sha256
        case displayName = "display_name"
    }

    init(from decoder: any Decoder) throws {
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

    /// Reads `file` ('-' for stdin) as one object or an array; malformed JSON is invalid input (exit 2).
    static func read(_ file: String, mode: ImportMode) throws -> [CatalogAddition] {
        let data = try InputFile.read(file)
        let decoder = JSONDecoder()
        let items: [CatalogAdditionJSON]
        do {
            let first = data.first { !(" \t\r\n".utf8.contains($0)) }
            if first == UInt8(ascii: "[") {
                items = try decoder.decode([CatalogAdditionJSON].self, from: data)
            } else {
                items = [try decoder.decode(CatalogAdditionJSON.self, from: data)]
            }
        } catch {
            throw CLIError.invalidInput("\(file): \(describe(error))")
        }
        guard !items.isEmpty else { throw CLIError.invalidInput("\(file): no images to add") }
        return items.map { item in
            CatalogAddition(
                file: item.path,
                identity: ImageIdentity(
                    family: item.family, name: item.name, flavor: item.flavor, version: item.version,
                    arch: item.arch.flatMap { $0.isEmpty ? nil : $0 }),
                displayName: item.displayName, sha256: item.sha256, mode: mode)
        }
    }

    /// One line for a decoding error: the field path and what was wrong.
    private static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let location = path(context.codingPath)
            return (location.isEmpty ? "" : "\(location): ") + context.debugDescription
        default: return "\(error)"
        }
    }
}
