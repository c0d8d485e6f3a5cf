import ISOCatalog
public import ISOStore
public import WireTypes

extension ImageJSON {
    /// `image` as the wire speaks it; `url` and `seeding` for the API, `extra` for a command.
    public init(
        _ image: StoredImage, url: String? = nil, seeding: SeedingFigures? = nil, extra: [String: ExtraField] = [:]
    ) {
        self.init(
            identity: image.identity, id: image.id, path: image.path, size: image.size, sha256: image.sha256,
            displayName: image.displayName, source: image.source.rawValue, state: image.state.rawValue,
            added: image.added, url: url, seeding: seeding)
        self.extra = extra
    }
}

extension SelectionJSON {
    /// `stored` as the wire speaks it, with `change` after a change (`added`, `updated`, …).
    public init(_ stored: StoredSelection, change: String? = nil) {
        self.init(
            id: stored.id, selection: stored.spec, arch: stored.selection.arch, keep: stored.selection.keep,
            autoUpdate: stored.autoUpdate, created: stored.created, change: change)
    }
}
