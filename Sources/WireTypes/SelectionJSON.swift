public import Foundation

/// A stored selection as the API (`/api/v1/selections`) and `select … --json` speak it:
/// `{"id", "selection", "arch", "keep", "auto_update", "created"}`, plus `change` (`added`,
/// `updated`, `unchanged`, `removed`) after a change, and `warning` when saved while nothing in the
/// cached manifest matches it ("no image matches today: …").
public struct SelectionJSON: Codable, Sendable, Equatable {
    public var id: Int64
    /// The spec as stored.
    public var selection: String
    public var arch: String?
    public var keep: Int
    public var autoUpdate: Bool
    public var created: Date
    public var change: String?
    /// Set on a save when no image of the cached manifest matches the selection today.
    public var warning: String?

    enum CodingKeys: String, CodingKey {
        case id, selection, arch, keep
        case autoUpdate = "auto_update"
        case created, change, warning
    }

    public init(
        id: Int64, selection: String, arch: String?, keep: Int, autoUpdate: Bool, created: Date, change: String? = nil
    ) {
        self.id = id
        self.selection = selection
        self.arch = arch
        self.keep = keep
        self.autoUpdate = autoUpdate
        self.created = created
        self.change = change
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(selection, forKey: .selection)
        try container.encode(arch, forKey: .arch)
        try container.encode(keep, forKey: .keep)
        try container.encode(autoUpdate, forKey: .autoUpdate)
        try container.encode(created, forKey: .created)
        try container.encodeIfPresent(change, forKey: .change)
        try container.encodeIfPresent(warning, forKey: .warning)
    }

    /// `SPEC[ arch=A]`.
    public var described: String { selection + (arch.map { " arch=\($0)" } ?? "") }
}
