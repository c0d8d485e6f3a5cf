import ArgumentParser
import Foundation
import Node
import WireTypes

/// `isofleet add MAGNET|FILE.torrent|URL [--wait]`: through the running daemon when one holds the
/// data directory, else a one-shot foreground download into the repository. Both run the node's
/// one ingest sequence (``ForegroundAddition`` here). `isofleet add --cancel ID` cancels one of the
/// daemon's additions.
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
            DATA_DIR/resume/), run the same command again to continue. \
            --wait shows a progress line on stderr from the first second: metadata yes/no, bytes, \
            rate and peers. An addition fails when no peer sends a magnet's metadata, or no byte \
            arrives, for add.stall_timeout (default 10m). \
            --cancel ID stops the daemon's addition #ID (the ID "started #ID" printed, or \
            GET /api/v1/additions) and removes its torrent and partial files, never a placed image.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var swarm: SwarmOptions

    @Argument(help: "A magnet URI, the path or http(s) URL of a .torrent file, or the http(s) URL of an image.")
    var source: String?

    @Option(
        help: ArgumentHelp(
            "Cancel the running daemon's addition with this id (its partial files are removed).", valueName: "id"))
    var cancel: Int?

    @Option(help: ArgumentHelp("For an http(s) image: its expected SHA-256 (64 hex digits).", valueName: "hex"))
    var sha256: String?

    @Flag(help: "Wait until the image is verified and placed, then print its path.")
    var wait = false

    @Option(help: ArgumentHelp("Give up after this many seconds (exit 1).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if cancel != nil {
            guard source == nil, !wait, sha256 == nil, timeout == nil else {
                throw ValidationError("--cancel ID takes no source, --wait, --sha256 or --timeout")
            }
            return
        }
        guard source != nil else { throw ValidationError("give a source to add, or --cancel ID") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw ValidationError("--sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
    }

    func run() async throws {
        if let cancel {
            guard let daemon = try RunningDaemon.find(global) else {
                throw CLIError.invalidInput(
                    "no daemon runs on this data directory: only the daemon's additions have ids "
                        + "(a foreground add --wait stops with Ctrl-C)")
            }
            try DaemonAddition.cancel(id: cancel, on: daemon)
            return
        }
        let source = source ?? ""
        if let daemon = try RunningDaemon.find(global) {
            try await DaemonAddition(daemon: daemon, source: source, sha256: sha256, timeout: timeout).run(wait: wait)
            return
        }
        guard wait else {
            throw CLIError.invalidInput(
                "no daemon runs on this data directory: use --wait to download in the foreground")
        }
        let site = try global.site()
        let addition: ForegroundAddition
        do {
            addition = try await ForegroundAddition(
                site: site, source: source, sha256: sha256, listen: swarm.listenAddress(site.configuration),
                peers: swarm.knownPeers(site.configuration))
        } catch {
            throw CLIError(error)
        }
        let ending = await follow(addition)
        let final = await addition.finish()
        switch ending {
        case .finished:
            guard let final, final.state == .done, let path = final.path else {
                throw CLIError.failure(final?.error ?? "the addition ended without a result")
            }
            print(path)
        case .interrupted(let signal):
            throw CLIError.failure(
                "stopped by signal \(signal); what was fetched is kept, run the same command to continue")
        case .timedOut(let progress):
            throw CLIError.failure(
                "not complete after \(timeout ?? 0) s (\(String(format: "%.1f", progress * 100))%); run again to continue"
            )
        }
    }

    /// How following a foreground addition ended.
    private enum Ending: Sendable {
        case finished
        case interrupted(Int32)
        case timedOut(progress: Double)
    }

    /// Shows the addition's progress until it ends, a signal arrives or `--timeout` passes; the
    /// last two cancel it.
    private func follow(_ addition: ForegroundAddition) async -> Ending {
        let reporter = ProgressReporter()
        let signals = SignalWatcher()
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        let ending = await withTaskGroup(of: Ending?.self) { group -> Ending in
            group.addTask {
                await addition.waitUntilEnded()
                return .finished
            }
            group.addTask { .interrupted(await signals.next()) }
            group.addTask {
                // Progress display and the deadline; the end itself comes from the task above.
                while !Task.isCancelled {
                    guard let status = await addition.status() else { return nil }
                    // Image URLs show progress on a terminal only, as `fetch` does; torrents always.
                    if reporter.isTerminal || status.via == "swarm" { reporter.report(status) }
                    if let deadline, ContinuousClock.now >= deadline {
                        return .timedOut(progress: status.progress)
                    }
                    let pause = deadline.map { min(reporter.interval, max(.milliseconds(10), $0 - .now)) }
                    try? await Task.sleep(for: pause ?? reporter.interval)
                }
                return nil
            }
            var first: Ending?
            while first == nil, let next = await group.next() { first = next }
            let ending = first ?? .finished
            // A signal or the deadline stops the addition, which also ends the waiting task.
            if case .finished = ending {} else { await addition.cancel() }
            group.cancelAll()
            return ending
        }
        if case .finished = ending, let status = await addition.status(), reporter.isTerminal || status.via == "swarm" {
            reporter.report(status)
        }
        reporter.finish()
        return ending
    }
}
