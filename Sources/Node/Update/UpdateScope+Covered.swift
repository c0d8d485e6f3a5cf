public import ISOCatalog

extension UpdateScope {
    /// The selections of `selections` this scope covers, in their order: all of them for
    /// ``all``.
    public func covered(_ selections: [PlannedSelection]) -> [PlannedSelection] {
        guard let selectionIDs else { return selections }
        let chosenIDs = Set(selectionIDs.map(String.init))
        return selections.filter { chosenIDs.contains($0.id) }
    }
}
