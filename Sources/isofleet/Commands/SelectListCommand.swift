import ArgumentParser
import ISOCatalog
import ISOStore

/// `isofleet select list [--json]`.
struct SelectListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the selections.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print [{\"id\", \"selection\", \"arch\", \"keep\", \"auto_update\", \"created\"}].")
    var json = false

    func run() throws {
        let store = try CommandContext(global).openStore()
        let selections: [StoredSelection]
        do { selections = try store.selections() } catch { throw CLIError(error) }
        if json {
            try JSONOutput.print(selections.map { SelectionJSON(stored: $0) })
            return
        }
        guard !selections.isEmpty else {
            print("no selections (add one with: isofleet select add FAMILY/NAME/FLAVOR@VERSION)")
            return
        }
        var table = TextTable("ID", "SELECTION", "ARCH", "KEEP", "AUTO-UPDATE", "CREATED")
        for stored in selections {
            table.add(
                "\(stored.id)", stored.spec, stored.selection.arch ?? "-", "\(stored.selection.keep)",
                stored.autoUpdate ? "yes" : "no", RFC3339.string(from: stored.created))
        }
        print(table.render())
    }
}
