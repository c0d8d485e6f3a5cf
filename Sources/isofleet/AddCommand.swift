import ArgumentParser
import Foundation
import ISOCatalog
import Node
import Swarm
import Acquisition
import Repository

/// `isofleet add MAGNET|FILE.torrent|URL [--wait]`: through the running daemon when one holds the
/// data directory, else a one-shot foreground download into the repository. Both paths share
/// Node's ingest (``IngestSource``, ``IngestTorrent``, ``IngestTarget``, ``IngestPlacer``).
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fetch an image from a magnet link, a .torrent file or URL, or an HTTP(S) URL.",
        discussion: """
            The image lands in DATA_DIR/incomplete/, is verified (piece by piece; --sha256 for an \
            http(s) image) and only when complete is moved to its layout path when its file name \
            tells its identity (the parse-name parser; then it is registered in the catalog), else \
            to <repository>/<file name>. Magnet parameters tr= (trackers), x.pe= (peers) and ws= \
            are honoured. An http(s) URL ending in .torrent is fetched and used as a .torrent file; \
            any other http(s) URL is the image itself, fetched with the node's HTTP fetcher. \
            With a daemon running on the data directory, the daemon fetches it (and seeds it): \
            without --wait the command prints "started #ID NAME" and returns; with --wait it \
            follows the addition and prints the final path, as the foreground download does. \
            Without a daemon, --wait is required: Ctrl-C keeps what was fetched (resume data in \
            DATA_DIR/resume/), run the same command again to continue.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var swarm: SwarmOptions

    @Argument(help: "A magnet URI, the path or http(s) URL of a .torrent file, or the http(s) URL of an image.")
    var source: String

    @Option(help: ArgumentHelp("For an http(s) image: its expected SHA-256 (64 hex digits).", valueName: "hex"))
    var sha256: String?

    @Flag(help: "Wait until the image is verified and placed, then print its path.")
    var wait = false

    @Option(help: ArgumentHelp("Give up after this many seconds (exit 1).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw ValidationError("--sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
    }

    func run() async throws {
        let source: IngestSource
        do { source = try IngestSource(parsing: self.source, allowFiles: true) } catch { throw CLIError(error) }
        if let daemon = try RunningDaemon.find(global) {
            try await DaemonAddition(daemon: daemon, source: self.source, sha256: sha256, timeout: timeout).run(wait: wait)
            return
        }
        guard wait else {
            throw CLIError.invalidInput("no daemon runs on this data directory: use --wait to download in the foreground")
        }
        if case .imageURL(let url) = source {
            try await HTTPAddition(global: global, url: url, sha256: sha256).run()
            return
        }
        let torrent: IngestTorrent
        do { torrent = try await IngestTorrent.load(source) } catch { throw CLIError(error) }
        let context = try global.site()
        let store = try context.openStoreForCommand()
        if let name = torrent.metadata.name {
            do { try IngestTarget(fileName: name, repository: context.repository).checkFree() } catch { throw CLIError(error) }
        }

        let session = SwarmSession(
            settings: SwarmSettings(listen: swarm.listenAddress(context.configuration)),
            resumeStore: ResumeStore(directory: context.dataDirectory.resume))
        do {
            try await session.start()
        } catch {
            throw CLIError.failure(error.message)
        }
        var options = AddOptions(savePath: context.dataDirectory.incomplete)
        options.peers = swarm.knownPeers(context.configuration)
        let id: TorrentID
        do {
            id = try await session.add(torrent.source, options: options)
        } catch {
            await session.shutdown()
            throw error.code == .invalidArgument ? CLIError.invalidInput(error.message) : CLIError.failure(error.message)
        }

        let outcome = await Download(session: session, torrent: id, timeout: timeout.map { .seconds($0) }).run()
        switch outcome {
        case .finished:
            let status = try? await session.status(of: id)
            let name = status?.name ?? torrent.metadata.name ?? ""
            try? await session.remove(id)
            await session.shutdown(deadline: .seconds(5))
            do {
                let target = try IngestTarget(fileName: name, repository: context.repository)
                try IngestPlacer(repository: context.repository, store: store)
                    .place(context.dataDirectory.incomplete + "/" + name, at: target, source: .magnet)
                ResumeStore(directory: context.dataDirectory.resume).remove(for: status?.infoHashes ?? torrent.metadata.infoHashes)
                print(target.absolutePath)
            } catch {
                throw CLIError(error)
            }
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
}
