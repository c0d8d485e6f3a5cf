import Foundation
import ISOCatalog
import ISOStore

/// A stored selection as `select … --json` prints it and the daemon's `/api/v1/selections`
/// answers it: `{"id", "selection", "arch", "keep", "auto_update", "created"}` (+ `change`).
struct SelectionJSON: Codable {
    var id: Int64
    /// The spec as stored.
    var selection: String
    var arch: String?
    var keep: Int
    var autoUpdate: Bool
    var created: Date
    /// `added`, `updated` or `unchanged`, for `select add`.
    var change: String?

    enum CodingKeys: String, CodingKey { case id, selection, arch, keep, autoUpdate = "auto_update", created, change }

    init(stored: StoredSelection, change: String? = nil) {
        id = stored.id
        selection = stored.spec
        arch = stored.selection.arch
        keep = stored.selection.keep
        autoUpdate = stored.autoUpdate
        created = stored.created
        self.change = change
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(selection, forKey: .selection)
        try container.encode(arch, forKey: .arch)
        try container.encode(keep, forKey: .keep)
        try container.encode(autoUpdate, forKey: .autoUpdate)
        try container.encode(created, forKey: .created)
        try container.encodeIfPresent(change, forKey: .change)
    }

    /// `SPEC[ arch=A]`.
    var described: String { selection + (arch.map { " arch=\($0)" } ?? "") }
}
