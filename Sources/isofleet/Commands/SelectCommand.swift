import ArgumentParser

/// `isofleet select add|list|remove`: the rules naming what the node keeps (design §5).
struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Manage selections: the rules naming what to keep (FAMILY/NAME/FLAVOR@MAJOR.MINOR.PATCH).",
        subcommands: [SelectAddCommand.self, SelectListCommand.self, SelectRemoveCommand.self])
}
