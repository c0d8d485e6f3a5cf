public import Common
import Foundation
import ISOCatalog
import WireTypes

extension NodeEnvironment {
    /// The scope of a run limited to `references`, each a selection's id or its spec as stored
    /// (`Linux/Ubuntu/Server@22`, any equivalent spelling); every selection when empty.
    /// - Throws: `invalidInput` naming a reference that is no stored selection, and the ones there are.
    public func updateScope(for references: [String]) throws(RequestError) -> UpdateScope {
        let wanted = references.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return .all }
        let stored = try selections()
        var ids = Set<Int64>()
        for reference in wanted {
            if let id = Int64(reference) {
                guard stored.contains(where: { $0.id == id }) else {
                    throw RequestError(.invalidInput, "no selection with id \(id)\(Self.known(stored))")
                }
                ids.insert(id)
                continue
            }
            let canonical: String
            do { canonical = try Selection(parsing: reference).description } catch {
                throw RequestError(.invalidInput, error.message)
            }
            let matching = stored.filter { $0.selection == canonical }
            guard !matching.isEmpty else {
                throw RequestError(.invalidInput, "no selection \(canonical)\(Self.known(stored))")
            }
            ids.formUnion(matching.map(\.id))
        }
        return .only(ids)
    }

    private static func known(_ stored: [SelectionJSON]) -> String {
        stored.isEmpty
            ? " (there are no selections)"
            : " (selections: " + stored.map { "\($0.id) \($0.selection)" }.joined(separator: ", ") + ")"
    }
}
