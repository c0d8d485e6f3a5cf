import ArgumentParser
import Foundation
import Node
import Swarm

/// `isofleet add MAGNET|FILE.torrent --wait`: a one-shot foreground download into the repository.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fetch an image from a magnet link or .torrent file.",
        discussion: """
            With --wait the download runs in the foreground: it lands in DATA_DIR/incomplete/, is \
            verified piece by piece, and only when complete is moved to the repository \
            (DATA_DIR/repo/<torrent name> unless repository.path says otherwise). The final path \
            is printed on stdout. Magnet parameters tr= (trackers), x.pe= (peers) and ws= are \
            honoured. Ctrl-C keeps what was fetched (resume data in DATA_DIR/resume/): run the \
            same command again to continue.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var swarm: SwarmOptions

    @Argument(help: "A magnet URI or the path of a .torrent file.")
    var source: String

    @Flag(help: "Download in the foreground and exit once the image is verified and placed.")
    var wait = false

    @Option(help: ArgumentHelp("Give up after this many seconds (exit 1).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if !wait {
            throw ValidationError("no daemon runs on this data directory yet: use --wait to download in the foreground")
        }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let (torrentSource, metadata) = try Self.parse(source)
        let configuration = try global.loadConfiguration()
        let dataDirectory = global.dataDirectory()
        let repository = configuration[.repositoryPath] ?? dataDirectory.defaultRepository
        do {
            try dataDirectory.create()
        } catch {
            throw CLIError.failure("cannot create data directory \(dataDirectory.root): \(error.localizedDescription)")
        }
        if let name = metadata.name {
            try Placement.checkFree(repository + "/" + name)
        }

        let session = SwarmSession(
            settings: SwarmSettings(listen: swarm.listenAddress(configuration)),
            resumeStore: ResumeStore(directory: dataDirectory.resume))
        do {
            try await session.start()
        } catch {
            throw CLIError.failure(error.message)
        }
        var options = AddOptions(savePath: dataDirectory.incomplete)
        options.peers = swarm.knownPeers(configuration)
        let id: TorrentID
        do {
            id = try await session.add(torrentSource, options: options)
        } catch {
            await session.shutdown()
            throw error.code == .invalidArgument ? CLIError.invalidInput(error.message) : CLIError.failure(error.message)
        }

        let outcome = await Download(session: session, torrent: id, timeout: timeout.map { .seconds($0) }).run()
        switch outcome {
        case .finished:
            let status = try? await session.status(of: id)
            let name = status?.name ?? metadata.name ?? ""
            try? await session.remove(id)
            await session.shutdown(deadline: .seconds(5))
            let destination = try Placement.move(
                name: name, from: dataDirectory.incomplete, toRepository: repository)
            ResumeStore(directory: dataDirectory.resume).remove(for: status?.infoHashes ?? metadata.infoHashes)
            print(destination)
        case .failed(let message):
            await session.shutdown()
            throw CLIError.failure(message)
        case .interrupted(let signal):
            await session.shutdown()
            throw CLIError.failure("stopped by signal \(signal); what was fetched is kept, run the same command to continue")
        case .timedOut(let status):
            await session.shutdown()
            throw CLIError.failure("not complete after \(timeout ?? 0) s (\(String(format: "%.1f", status * 100))%); run again to continue")
        }
    }

    /// The source and what it says about itself; anything unusable is invalid input (exit 2).
    static func parse(_ text: String) throws -> (TorrentSource, TorrentMetadata) {
        if text.hasPrefix("magnet:") {
            do {
                return (.magnet(text), try TorrentMetadata(magnet: text))
            } catch {
                throw CLIError.invalidInput(error.message)
            }
        }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            throw CLIError.invalidInput("\(text): fetching .torrent files over HTTP is not supported yet; download it first")
        }
        guard let data = FileManager.default.contents(atPath: text) else {
            throw CLIError.invalidInput("cannot read \(text): \(String(cString: strerror(errno)))")
        }
        do {
            return (.torrentFile(data), try TorrentMetadata(torrentFile: data))
        } catch {
            throw CLIError.invalidInput("\(text): \(error.message)")
        }
    }
}
