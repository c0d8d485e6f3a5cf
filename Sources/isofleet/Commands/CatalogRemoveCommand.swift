import ArgumentParser
import ISOCatalog
import Node
import WireTypes

/// `isofleet catalog remove ID|PATH [--delete-file] [--json]`.
struct CatalogRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an image from the catalog by id or path; the file stays unless --delete-file.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The image's id (from 'catalog list') or its path (relative to the repository, or absolute).")
    var reference: String

    @Flag(help: "Also delete the file from the repository.")
    var deleteFile = false

    @Flag(help: "Print the removed image as JSON.")
    var json = false

    func run() throws {
        let node = try global.node()
        var removed = try request { () throws(RequestError) in
            try node.removeFromCatalog(reference, deleteFile: deleteFile)
        }
        if json {
            removed.extra["file_deleted"] = .flag(deleteFile)
            try JSONOutput.print(removed)
        } else {
            print(
                "removed \(removed.id ?? 0) \(removed.identity) \(removed.path)" + (deleteFile ? " (file deleted)" : "")
            )
        }
    }
}
