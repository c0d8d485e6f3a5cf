import ArgumentParser
import ISOCatalog
import ISOStore

/// `isofleet select remove ID|SPEC [--json]`.
struct SelectRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a selection by id or SPEC. Images it fetched stay until an update run deletes them.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The selection's id (from 'select list') or its SPEC.")
    var reference: String

    @Flag(help: "Print the removed selection as JSON.")
    var json = false

    func run() throws {
        let store = try CommandContext(global).openStore()
        let id = try resolveID(in: store)
        let removed: StoredSelection
        do { removed = try store.removeSelection(id: id) } catch { throw CLIError(error) }
        if json {
            try JSONOutput.print(SelectionJSON(stored: removed))
        } else {
            print("removed selection \(removed.id) \(removed.spec)" + (removed.selection.arch.map { " arch=\($0)" } ?? ""))
        }
    }

    /// The id `reference` names: a number, or a SPEC matching exactly one stored selection.
    private func resolveID(in store: CatalogStore) throws -> Int64 {
        if let id = Int64(reference) { return id }
        let spec: String
        do { spec = try Selection(parsing: reference).description } catch { throw CLIError.invalidInput(error.message) }
        let matches: [StoredSelection]
        do { matches = try store.selections().filter { $0.spec == spec } } catch { throw CLIError(error) }
        switch matches.count {
        case 0:
            throw CLIError.failure("no selection \(spec) (see 'isofleet select list')")
        case 1:
            return matches[0].id
        default:
            let ids = matches.map { "\($0.id) (arch \($0.selection.arch ?? "any"))" }.joined(separator: ", ")
            throw CLIError.invalidInput("\(spec) matches selections \(ids); remove one by id")
        }
    }
}
