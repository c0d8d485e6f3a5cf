import ArgumentParser

/// `isofleet layout show|set`: the template placing images in the repository (design §6).
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Show the repository's layout template, or change it and move the held images.",
        subcommands: [LayoutShowCommand.self, LayoutSetCommand.self])
}
