import ArgumentParser
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet sync [--force] [--json]`: pull the manifest now — through the running daemon when one
/// holds the data directory (`POST /api/v1/sync`), else here; the same output either way.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull the manifest now (honours manifest.min_age unless --force).",
        discussion: """
            Fetches manifest.url (http, https or file) with a conditional GET and stores it when \
            valid. Exit 0 when fetched, not modified or still fresh; 2 when the new manifest is \
            invalid (the last good one is kept) or manifest.url is not set; 1 when it cannot be \
            fetched (the last good one is kept). --json prints {"outcome", "url", "images", \
            "fetched_at", "current", "error"}. With a daemon running on the data directory, the \
            daemon pulls it (its manifest.url and manifest.min_age).
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Fetch even when the cached manifest is younger than manifest.min_age.")
    var force = false

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() async throws {
        let context = try global.site()
        let report: ManifestSyncReport
        let minAge: Duration
        if let daemon = try RunningDaemon.find(global) {
            report = try daemon.call("POST", "/api/v1/sync\(force ? "?force=true" : "")", as: ManifestSyncReport.self)
            minAge = (try? context.configuration.duration(.manifestMinAge)) ?? nil ?? .seconds(3600)
        } else {
            let node: NodeEnvironment
            do { node = try context.environment() } catch { throw CLIError(error) }
            do { report = try await node.syncManifest(force: force) } catch { throw CLIError(error) }
            minAge = (try? context.configuration.duration(.manifestMinAge)) ?? nil ?? .seconds(3600)
        }
        if json {
            try JSONOutput.print(report)
        } else if !report.failed {
            print(Self.describe(report, minAge: minAge))
        }
        if report.failed {
            let message = report.error ?? "the manifest could not be pulled (\(report.outcome))"
            throw report.failedOnInput ? CLIError.invalidInput(message) : CLIError.failure(message)
        }
    }

    private static func describe(_ report: ManifestSyncReport, minAge: Duration) -> String {
        let url = report.url ?? "-"
        let count = report.images.map { "\($0) image(s)" } ?? "no manifest"
        let fetched = report.fetchedAt.map { RFC3339.string(from: $0) } ?? "never"
        return switch report.outcome {
        case "fetched": "fetched \(url): \(count)"
        case "not-modified": "not modified: \(url) (\(count))"
        default: "fresh: fetched \(fetched), younger than manifest.min_age \(minAge) (\(count)); --force to pull"
        }
    }
}
