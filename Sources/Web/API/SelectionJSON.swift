import Foundation
import ISOCatalog
import ISOStore

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
