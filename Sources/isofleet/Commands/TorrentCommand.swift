import ArgumentParser

/// `isofleet torrent …`: torrent files for held images.
struct TorrentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torrent",
        abstract: "Create torrents for images.",
        subcommands: [TorrentCreateCommand.self]
    )
}
