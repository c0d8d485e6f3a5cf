import Foundation
import ISOCatalog
import ISOStore

/// A held image as the API returns it: the identity fields, then `id`, `path`, `size`, `sha256`,
/// `display_name`, `source`, `state`, `added` (the shape of `catalog list --json`), plus `url`,
/// its `/files/` URL while present.
struct ImageJSON: Encodable {
    let image: StoredImage
    let url: String?

    enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, id, path, size, sha256, source, state, added, url
        case displayName = "display_name"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image.identity.family, forKey: .family)
        try container.encode(image.identity.name, forKey: .name)
        try container.encode(image.identity.flavor, forKey: .flavor)
        try container.encode(image.identity.version, forKey: .version)
        try container.encode(image.identity.arch, forKey: .arch)
        try container.encode(image.id, forKey: .id)
        try container.encode(image.path, forKey: .path)
        try container.encode(image.size, forKey: .size)
        try container.encode(image.sha256, forKey: .sha256)
        try container.encode(image.displayName, forKey: .displayName)
        try container.encode(image.source.rawValue, forKey: .source)
        try container.encode(image.state.rawValue, forKey: .state)
        try container.encode(image.added, forKey: .added)
        try container.encode(url, forKey: .url)
    }
}

/// A selection as the API returns it: `{"id", "selection", "arch", "keep", "auto_update",
/// "created"}` plus `change` (`added`, `updated`, `unchanged`) after a POST.
struct SelectionJSON: Encodable {
    let stored: StoredSelection
    var change: String?

    enum CodingKeys: String, CodingKey {
        case id, selection, arch, keep, created, change
        case autoUpdate = "auto_update"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stored.id, forKey: .id)
        try container.encode(stored.spec, forKey: .selection)
        try container.encode(stored.selection.arch, forKey: .arch)
        try container.encode(stored.selection.keep, forKey: .keep)
        try container.encode(stored.autoUpdate, forKey: .autoUpdate)
        try container.encode(stored.created, forKey: .created)
        try container.encodeIfPresent(change, forKey: .change)
    }
}

/// The body of `POST /api/v1/selections`.
struct SelectionRequest: Decodable {
    var selection: String
    var arch: String?
    var keep: Int?
    var autoUpdate: Bool?

    enum CodingKeys: String, CodingKey {
        case selection, arch, keep
        case autoUpdate = "auto_update"
    }
}

/// The body of `PUT /api/v1/settings` and the answer of `GET`: `{"manifest_interval": "6h"}`.
struct SettingsJSON: Codable {
    var manifestInterval: String?

    enum CodingKeys: String, CodingKey {
        case manifestInterval = "manifest_interval"
    }
}

/// The body of `POST /api/v1/add`.
struct AddSourceRequest: Decodable {
    var source: String
}
