import ArgumentParser
import Foundation
import Node
import Swarm

/// `isofleet add MAGNET|FILE.torrent|URL --wait`: a one-shot foreground download into the repository.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fetch an image from a magnet link, a .torrent file or URL, or an HTTP(S) URL.",
        discussion: """
            With --wait the download runs in the foreground: it lands in DATA_DIR/incomplete/, is \
            verified piece by piece, and only when complete is moved to the repository \
            (DATA_DIR/repo/<torrent name> unless repository.path says otherwise). The final path \
            is printed on stdout. Magnet parameters tr= (trackers), x.pe= (peers) and ws= are \
            honoured. Ctrl-C keeps what was fetched (resume data in DATA_DIR/resume/): run the \
            same command again to continue. An http(s) URL ending in .torrent is fetched and used \
            as a .torrent file; any other http(s) URL is the image itself, fetched with the node's \
            HTTP fetcher (resume, retries, --sha256 checked while receiving) and placed at \
            <repository>/<its file name>.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var swarm: SwarmOptions

    @Argument(help: "A magnet URI, the path or http(s) URL of a .torrent file, or the http(s) URL of an image.")
    var source: String

    @Option(help: ArgumentHelp("For an http(s) image: its expected SHA-256 (64 hex digits).", valueName: "hex"))
    var sha256: String?

    @Flag(help: "Download in the foreground and exit once the image is verified and placed.")
    var wait = false

    @Option(help: ArgumentHelp("Give up after this many seconds (exit 1).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if !wait {
            throw ValidationError("no daemon runs on this data directory yet: use --wait to download in the foreground")
        }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw ValidationError("--sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
    }

    func run() async throws {
        if let url = HTTPAddition.imageURL(source) {
            try await HTTPAddition(global: global, url: url, sha256: sha256).run()
            return
        }
        let (torrentSource, metadata) = if let url = HTTPAddition.torrentURL(source) {
            try await HTTPAddition.fetchTorrent(url)
        } else {
            try Self.parse(source)
        }
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
