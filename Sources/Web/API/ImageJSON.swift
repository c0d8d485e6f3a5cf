import Foundation
import ISOCatalog
import ISOStore
import Node

/// A held image as the API returns it: the identity fields, then `id`, `path`, `size`, `sha256`,
/// `display_name`, `source`, `state`, `added` (the shape of `catalog list --json`), plus `url`,
/// its `/files/` URL while present, and `seeding` (info-hash, uploaded bytes, upload rate, peers)
/// while the node's swarm seeds it.
struct ImageJSON: Encodable {
    let image: StoredImage
    let url: String?
    var seeding: SeedingFigures? = nil

    enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, id, path, size, sha256, source, state, added, url, seeding
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
        try container.encodeIfPresent(seeding, forKey: .seeding)
    }
}
