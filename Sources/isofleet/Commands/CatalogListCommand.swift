import ArgumentParser
import ISOCatalog
import ISOStore
import Node
import Common
import WireTypes

/// `isofleet catalog list [--json]`: every image in the catalog, missing ones included.
struct CatalogListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the images in the catalog (with their state).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print [{identity…, \"id\", \"path\", \"size\", \"sha256\", \"display_name\", \"source\", \"state\", \"added\"}].")
    var json = false

    func run() throws {
        let store = try global.site().openStoreForCommand()
        let images: [StoredImage]
        do { images = try store.images() } catch { throw CLIError(error) }
        if json {
            try JSONOutput.print(images.map { ImageJSON($0) })
            return
        }
        guard !images.isEmpty else {
            print("the catalog is empty (add images with: isofleet scan, isofleet import DIR, isofleet catalog add FILE)")
            return
        }
        var table = TextTable("ID", "IDENTITY", "SIZE", "SOURCE", "STATE", "PATH")
        for image in images {
            table.add(
                "\(image.id ?? 0)", image.identity.description, ByteCount.size(image.size),
                image.source.rawValue, image.state.rawValue, image.path)
        }
        print(table.render())
    }
}
