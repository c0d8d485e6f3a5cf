public import ISOCatalog

/// Which selections an update run brings up to date: all of them, or a chosen set (the page's
/// checkboxes, `POST /api/v1/update {"selections": […]}`, `update --selection SPEC`).
///
/// The plan is always made with every selection, so an image any selection wants is kept (design
/// §7 rule 1); a limited run then fetches only the images a chosen selection resolves to, and
/// deletes only images that concern chosen selections alone: every selection linked to the image
/// or whose rule it fits is chosen. An image that an unchosen selection holds or matches, and an
/// image no selection concerns any more, is kept for a run over every selection.
public struct UpdateScope: Sendable, Hashable, CustomStringConvertible {
    /// The store ids of the chosen selections; nil for every selection.
    public var selectionIDs: Set<Int64>?

    /// Every selection.
    public static let all = UpdateScope(selectionIDs: nil)

    /// Only the selections with these store ids.
    public static func only(_ ids: Set<Int64>) -> UpdateScope { UpdateScope(selectionIDs: ids) }

    /// Empty for every selection, else ` for selection(s) 1, 3`.
    public var description: String {
        guard let selectionIDs else { return "" }
        return " for selection(s) " + selectionIDs.sorted().map(String.init).joined(separator: ", ")
    }

    /// `plan`, made with every selection of `inputs`, limited to this scope.
    public func limit(_ plan: UpdatePlan, inputs: PlannerInputs) -> UpdatePlan {
        guard let selectionIDs else { return plan }
        let chosenIDs = Set(selectionIDs.map(String.init))
        let chosen = inputs.selections.filter { chosenIDs.contains($0.id) }
        let others = inputs.selections.filter { !chosenIDs.contains($0.id) }
        let chosenSpecs = Set(chosen.map(\.spec))
        let limitedTo = chosen.map(\.spec).joined(separator: ", ")
        var limited = plan
        limited.fetch = plan.fetch.filter { fetch in fetch.selections.contains { chosenSpecs.contains($0) } }
        limited.skip = plan.skip.filter { entry in chosen.contains { $0.selection.matches(entry.identity) } }
        limited.unresolved = plan.unresolved.filter { message in chosenSpecs.contains { message.hasPrefix($0 + ":") } }
        limited.delete = []
        for entry in plan.delete {
            let holding = inputs.held.first { $0.identity == entry.identity && $0.path == entry.path }
            let concerns = { (selection: PlannedSelection) in
                holding?.selectionIDs.contains(selection.id) == true || selection.selection.matches(entry.identity)
            }
            if let other = others.first(where: concerns) {
                limited.keep.append(
                    PlannedEntry(
                        identity: entry.identity, path: entry.path,
                        reason: "not deleted by a run limited to \(limitedTo): it concerns \(other.spec) too"))
            } else if !chosen.contains(where: concerns) {
                limited.keep.append(
                    PlannedEntry(
                        identity: entry.identity, path: entry.path,
                        reason: "not deleted by a run limited to \(limitedTo): no chosen selection concerns it"))
            } else {
                limited.delete.append(entry)
            }
        }
        limited.keep.sort { ($0.path, $0.identity.description) < ($1.path, $1.identity.description) }
        return limited
    }
}
