import ArgumentParser
import Foundation
import Node

/// `isofleet catalog export [--json]`: the inventory (design §4) as the database has it.
struct CatalogExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the inventory (the images present, as in inventory.json) on stdout.",
        discussion: "The output is always the inventory JSON; 'catalog import' reads it back.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Accepted for symmetry: the export is always JSON.")
    var json = false

    func run() throws {
        let node = try global.readingNode()
        FileHandle.standardOutput.write(try request { () throws(RequestError) in try node.inventoryData() })
    }
}
