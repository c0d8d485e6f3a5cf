import ArgumentParser
import ISOCatalog
import Node
import WireTypes

/// `isofleet select remove ID|SPEC [--json]`: through the running daemon when one holds the data
/// directory.
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
        let id = try resolveID()
        var removed: SelectionJSON
        if let daemon = try RunningDaemon.find(global) {
            removed = try daemon.call("DELETE", "/api/v1/selections/\(id)", as: SelectionJSON.self)
        } else {
            let node = try global.node()
            removed = try request { () throws(RequestError) in try node.removeSelection(id: id) }
        }
        if json {
            removed.change = nil
            try JSONOutput.print(removed)
        } else {
            print("removed selection \(removed.id) \(removed.described)")
        }
    }

    /// The id `reference` names: a number, or a SPEC matching exactly one stored selection.
    private func resolveID() throws -> Int64 {
        if let id = Int64(reference) { return id }
        let spec: String
        do { spec = try Selection(parsing: reference).description } catch { throw CLIError.invalidInput(error.message) }
        let matches = try SelectListCommand.selections(global).filter { $0.selection == spec }
        switch matches.count {
        case 0:
            throw CLIError.failure("no selection \(spec) (see 'isofleet select list')")
        case 1:
            return matches[0].id
        default:
            let ids = matches.map { "\($0.id) (arch \($0.arch ?? "any"))" }.joined(separator: ", ")
            throw CLIError.invalidInput("\(spec) matches selections \(ids); remove one by id")
        }
    }
}
