import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node

/// `isofleet update [--dry-run] [--json] [--prune] [--force] [--selection SPEC…]`: launch an update run.
struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Run an update: refresh the manifest, fetch the best images, delete superseded ones.",
        discussion: """
            Refreshes the manifest (unless younger than manifest.min_age; --force always), resolves \
            every selection, fetches the missing best images into DATA_DIR/incomplete/, verifies and \
            places them, then deletes what no selection wants any more (design §7). With fleet \
            peers (fleet.peers, --peer), images with a torrent or magnet come from the swarm first, \
            the origin taking over when it stalls. Progress goes to \
            stderr; the summary to stdout. --dry-run prints the plan and changes nothing. With a \
            daemon running on the data directory, the daemon runs it (its swarm and peers) and \
            the command prints the run's summary when it ends; --dry-run asks the daemon too, \
            so the plan is the one its run would follow (its manifest, its swarm and peers). \
            Each planned fetch names the source the run tries first. --selection (repeatable, a \
            selection's id or spec) limits the run to those selections: only their images are \
            fetched, and only images no other selection concerns are deleted. \
            Exit 1 when a fetch or deletion failed (the others still complete) or another run is in \
            progress; 2 for invalid input (no or invalid manifest, bad configuration).
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var swarm: SwarmOptions

    @Flag(help: "Print the plan (fetch, delete, keep, with sources and reasons) and change nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    @Flag(help: "Also delete unselected images that were imported, scanned or added by hand.")
    var prune = false

    @Flag(help: "Refresh the manifest even when it is younger than manifest.min_age.")
    var force = false

    @Option(
        name: .customLong("selection"),
        help: "Bring only this selection (id or spec, e.g. Linux/Ubuntu/Server@22) up to date; repeatable.")
    var selections: [String] = []

    func run() async throws {
        let context = try global.site()
        let peers = swarm.knownPeers(context.configuration)
        let listen = swarm.listenAddress(context.configuration)
        if dryRun, let daemon = try RunningDaemon.find(global) {
            try DaemonPlan(daemon: daemon, prune: prune, force: force, selections: selections, json: json).run()
            return
        }
        if dryRun {
            let update: ForegroundUpdate
            do { update = try await ForegroundUpdate(site: context, peers: peers, listen: listen, swarm: false) } catch
            {
                throw CLIError(error)
            }
            let runner = update.runner
            let url = runner.synchronizer.url
            let (plan, manifest): (UpdatePlan, ManifestSyncResult)
            let scope = try request { () throws(RequestError) in try update.environment.updateScope(for: selections) }
            do {
                (plan, manifest) = try await runner.preview(
                    prune: prune, forceSync: force, scope: scope, swarmExpected: update.swarmExpected)
            } catch {
                throw CLIError(error)
            }
            if json {
                try JSONOutput.print(UpdatePlanJSON(plan: plan, manifest: manifest, url: url))
            } else {
                print(UpdateSummary.plan(plan, manifest: manifest))
            }
            return
        }

        if let daemon = try RunningDaemon.find(global) {
            try await DaemonUpdate(daemon: daemon, prune: prune, force: force, selections: selections, json: json).run()
            return
        }
        let update: ForegroundUpdate
        do { update = try await ForegroundUpdate(site: context, peers: peers, listen: listen, swarm: true) } catch {
            throw CLIError(error)
        }
        do {
            let scope = try request { () throws(RequestError) in try update.environment.updateScope(for: selections) }
            try await perform(update.runner, scope: scope)
            await update.finish()
        } catch {
            await update.finish()
            throw error
        }
    }

    private func perform(_ runner: UpdateRunner, scope: UpdateScope) async throws {
        let url = runner.synchronizer.url
        let printer = UpdateProgressPrinter()
        let events = runner.events()
        let progress = Task { await printer.consume(events) }
        let report: UpdateReport
        do {
            report = try await runner.run(prune: prune, forceSync: force, scope: scope)
        } catch {
            progress.cancel()
            throw CLIError(error)
        }
        await progress.value
        if json {
            try JSONOutput.print(UpdateReportJSON(report: report, url: url))
        } else {
            print(UpdateSummary.report(report))
        }
        let failures = report.failed.map(\.reason) + report.deletionFailures.map(\.reason)
        if let first = failures.first {
            throw CLIError.failure(failures.count == 1 ? first : "\(failures.count) failures; first: \(first)")
        }
    }
}
