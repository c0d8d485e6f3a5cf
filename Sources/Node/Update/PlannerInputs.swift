public import ISOCatalog
public import ISOStore

/// The deletion planner's inputs read from the store: stored selections as ``PlannedSelection``s,
/// stored images and their selection links as ``Holding``s.
public struct PlannerInputs: Sendable {
    public var selections: [PlannedSelection]
    public var held: [Holding]
    /// The stored selection behind each planned selection's spec.
    public var storedBySpec: [String: StoredSelection]

    public init(selections: [PlannedSelection], held: [Holding], storedBySpec: [String: StoredSelection]) {
        self.selections = selections
        self.held = held
        self.storedBySpec = storedBySpec
    }

    /// Reads selections, images and links.
    ///
    /// - A selection's id is its row id; its spec is the canonical form, with ` arch=A` appended when
    ///   it has an arch (two rules may differ only by arch).
    /// - A selection with auto-update off is pinned, once an image was acquired for it, to that
    ///   image's version (only for a precise name and flavor, where there is one such image).
    /// - An image is `verified` when present with a known SHA-256, `unverified` when present without
    ///   one or being verified, `missing` when the last scan did not find it.
    public static func read(from store: CatalogStore) throws(StoreError) -> PlannerInputs {
        let stored = try store.selections()
        let images = try store.images()
        let links = try store.allLinks()
        var linkedSelections: [Int64: Set<String>] = [:]
        var imagesBySelection: [Int64: [StoredImage]] = [:]
        let imagesByID = Dictionary(
            images.compactMap { image in image.id.map { ($0, image) } }, uniquingKeysWith: { a, _ in a })
        for link in links {
            guard let selectionID = link.selectionID else { continue }
            linkedSelections[link.imageID, default: []].insert(String(selectionID))
            if let image = imagesByID[link.imageID] { imagesBySelection[selectionID, default: []].append(image) }
        }

        var selections: [PlannedSelection] = []
        var storedBySpec: [String: StoredSelection] = [:]
        for selection in stored {
            var rule = selection.selection
            if !selection.autoUpdate, rule.isPrecise,
                let pinned = imagesBySelection[selection.id]?.filter({ rule.matches($0.identity) })
                    .max(by: { Resolver.isBetter($1.identity, than: $0.identity) })
            {
                rule.version = VersionSelector(exactly: pinned.identity.version)
            }
            let spec = selection.spec + (selection.selection.arch.map { " arch=\($0)" } ?? "")
            selections.append(PlannedSelection(id: String(selection.id), selection: rule, spec: spec))
            storedBySpec[spec] = selection
        }

        let held = images.map { image in
            Holding(
                identity: image.identity, path: image.path, source: image.source,
                selectionIDs: image.id.flatMap { linkedSelections[$0] } ?? [], state: state(of: image),
                sha256: image.sha256)
        }
        return PlannerInputs(selections: selections, held: held, storedBySpec: storedBySpec)
    }

    static func state(of image: StoredImage) -> HoldingState {
        switch image.state {
        case .missing: .missing
        case .verifying: .unverified
        case .present: image.sha256 == nil ? .unverified : .verified
        }
    }
}
