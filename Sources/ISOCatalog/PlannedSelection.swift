/// A selection as the update planner sees it: the rule plus the id it is stored under and the spec
/// the user gave (for reasons and JSON output).
public struct PlannedSelection: Hashable, Sendable {
    /// The store's id for the selection; `Holding.selectionIDs` refers to it.
    public var id: String
    public var selection: Selection
    /// The spec as given; defaults to the compact form.
    public var spec: String

    public init(id: String, selection: Selection, spec: String? = nil) {
        self.id = id
        self.selection = selection
        self.spec = spec ?? selection.description
    }
}
