import ArgumentParser
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet catalog import FILE.json [--json]`: registers the entries of an inventory document.
struct CatalogImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register the entries of an inventory JSON (as 'catalog export' writes it; '-' reads stdin).",
        discussion: """
            Paths are relative to the repository. An entry whose file is not there (or has another size) \
            is stored as missing. Checksums are taken as given; the next 'scan' rehashes the files.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An inventory JSON file, or '-' for stdin.")
    var file: String

    @Flag(help: "Print the imported images as JSON.")
    var json = false

    func run() throws {
        let data = try InputFile.read(file)
        let entries: [InventoryEntry]
        do { entries = try InventoryCoding.decode(data) } catch {
            throw CLIError.invalidInput("\(file): \(error.message)")
        }
        let node = try global.node()
        let images = try request { () throws(RequestError) in try node.importInventory(entries) }
        if json {
            try JSONOutput.print(images)
            return
        }
        let missing = images.filter { $0.state == "missing" }.count
        print(
            "imported \(images.count) entr\(images.count == 1 ? "y" : "ies") (\(images.count - missing) present, \(missing) missing)"
        )
    }
}
