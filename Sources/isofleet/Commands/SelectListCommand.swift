import ArgumentParser
import ISOCatalog
import Node
import WireTypes

/// `isofleet select list [--json]`: from the running daemon when one holds the data directory.
struct SelectListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the selections.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print [{\"id\", \"selection\", \"arch\", \"keep\", \"auto_update\", \"created\"}].")
    var json = false

    func run() throws {
        let selections = try Self.selections(global)
        if json {
            try JSONOutput.print(selections)
            return
        }
        guard !selections.isEmpty else {
            print("no selections (add one with: isofleet select add FAMILY/NAME/FLAVOR@VERSION)")
            return
        }
        var table = TextTable("ID", "SELECTION", "ARCH", "KEEP", "AUTO-UPDATE", "CREATED")
        for selection in selections {
            table.add(
                "\(selection.id)", selection.selection, selection.arch ?? "-", "\(selection.keep)",
                selection.autoUpdate ? "yes" : "no", RFC3339.string(from: selection.created))
        }
        print(table.render())
    }

    /// The selections, from the daemon when one runs, else from the store.
    static func selections(_ global: GlobalOptions) throws -> [SelectionJSON] {
        if let daemon = try RunningDaemon.find(global) {
            return try daemon.call("GET", "/api/v1/selections", as: [SelectionJSON].self)
        }
        let node = try global.readingNode()
        return try request { () throws(RequestError) in try node.selections() }
    }
}
