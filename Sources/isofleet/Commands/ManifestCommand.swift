import ArgumentParser

/// `isofleet manifest build` and `isofleet manifest sign`: the origin role's commands.
struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Publish a folder of ISO files as a manifest (the origin role).",
        subcommands: [ManifestBuildCommand.self, ManifestSignCommand.self])
}
