import ArgumentParser
import Foundation
import Node

/// `isofleet seed FILE...`: seed files in the foreground until Ctrl-C or SIGTERM.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Seed files over BitTorrent in the foreground (until Ctrl-C / SIGTERM).",
        discussion: """
            Each FILE gets the same deterministic torrent `torrent create` makes (same piece-size \
            and mode choices), written to DATA_DIR/torrents/<name>.torrent unless --torrent-dir \
            says otherwise. Once every file is seeding, one line per file is printed on stdout: \
            the .torrent path, a tab, and a magnet link (with x.pe= naming this seeder when it \
            listens on a specific address). On Ctrl-C or SIGTERM resume data is saved to \
            DATA_DIR/resume/ and the command exits 0.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var swarm: SwarmOptions

    @Argument(help: "The files to seed.")
    var files: [String]

    @Option(help: ArgumentHelp("Bytes per piece (default: by file size, as torrent create).", valueName: "bytes"))
    var pieceSize: Int?

    @Option(help: "v1 (default), hybrid (v1+v2) or v2.")
    var mode: String = TorrentMaker.defaultMode

    @Option(
        name: .customLong("tracker"),
        help: ArgumentHelp("Announce URL to embed and announce to (repeatable).", valueName: "url"))
    var trackers: [String] = []

    @Option(help: ArgumentHelp("Where to write the .torrent files (default: DATA_DIR/torrents).", valueName: "dir"))
    var torrentDir: String?

    @Option(
        help: ArgumentHelp("Upload limit in bytes per second for the whole session (0 = none).", valueName: "bytes"))
    var uploadLimit: Int = 0

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to seed") }
        if let pieceSize, !TorrentMaker.isValidPieceSize(pieceSize) {
            throw ValidationError("--piece-size \(pieceSize) is not a power of two between 16384 and 1073741824")
        }
        if !TorrentMaker.modes.contains(mode) { throw ValidationError("--mode '\(mode)' is not one of v1, hybrid, v2") }
        if uploadLimit < 0 { throw ValidationError("--upload-limit cannot be negative") }
    }

    func run() async throws {
        let signals = SignalWatcher()
        let site = try global.site()
        let torrentDirectory = torrentDir ?? site.dataDirectoryPath + "/torrents"
        do { try site.prepareDataDirectory() } catch { throw CLIError(error) }
        do {
            try FileManager.default.createDirectory(atPath: torrentDirectory, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create \(torrentDirectory): \(error.localizedDescription)")
        }
        var created: [(torrent: MadeTorrent, file: String, path: String)] = []
        for file in files {
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            let torrent = try request { () throws(RequestError) in
                try TorrentMaker.make(file: absolute, pieceSize: pieceSize, mode: mode, trackers: trackers)
            }
            let path = torrentDirectory + "/" + torrent.name + ".torrent"
            do {
                try torrent.data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError.failure("cannot write \(path): \(error.localizedDescription)")
            }
            created.append((torrent, absolute, path))
        }

        let seeder: ForegroundSeeder
        do {
            seeder = try await ForegroundSeeder(
                site: site, listen: swarm.listenAddress(site.configuration), uploadLimit: uploadLimit,
                peers: swarm.knownPeers(site.configuration))
        } catch {
            throw CLIError(error)
        }
        for item in created {
            do { try await seeder.seed(item.torrent, file: item.file) } catch {
                await seeder.stop()
                throw CLIError(error)
            }
            print("\(item.path)\t\(item.torrent.magnet(peers: seeder.advertisedAddress.map { [$0] } ?? []))")
        }
        fflush(nil)
        FileHandle.standardError.write(
            Data("seeding \(created.count) file(s) on port \(seeder.port); Ctrl-C to stop\n".utf8))
        let signal = await signals.next()
        FileHandle.standardError.write(Data("signal \(signal): saving resume data and stopping\n".utf8))
        await seeder.stop()
    }
}
