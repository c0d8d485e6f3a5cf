import ArgumentParser
import Common
import ISOCatalog
import Node
import WireTypes

/// `isofleet catalog list [--json]`: every image in the catalog, missing ones included.
struct CatalogListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the images in the catalog (with their state).")

    @OptionGroup var global: GlobalOptions

    @Flag(
        help:
            "Print [{identity…, \"id\", \"path\", \"size\", \"sha256\", \"display_name\", \"source\", \"state\", \"added\"}]."
    )
    var json = false

    func run() throws {
        let node = try global.readingNode()
        let images = try request { () throws(RequestError) in try node.images() }
        if json {
            try JSONOutput.print(images)
            return
        }
        guard !images.isEmpty else {
            print(
                "the catalog is empty (add images with: isofleet scan, isofleet import DIR, isofleet catalog add FILE)")
            return
        }
        var table = TextTable("ID", "IDENTITY", "SIZE", "SOURCE", "STATE", "PATH")
        for image in images {
            table.add(
                "\(image.id ?? 0)", image.identity.description, ByteCount.size(image.size),
                image.source, image.state, image.path)
        }
        print(table.render())
    }
}
