import ArgumentParser

/// `isofleet catalog list|add|remove|export|import`: the images this node holds.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List, add, remove, export and import the images this node holds.",
        subcommands: [
            CatalogListCommand.self, CatalogAddCommand.self, CatalogRemoveCommand.self,
            CatalogExportCommand.self, CatalogImportCommand.self,
        ])
}
