import ArgumentParser
import Foundation
import ISOCatalog
import Node

/// `isofleet sync [--force] [--json]`: pull the manifest now.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull the manifest now (honours manifest.min_age unless --force).",
        discussion: """
            Fetches manifest.url (http, https or file) with a conditional GET and stores it when \
            valid. Exit 0 when fetched, not modified or still fresh; 2 when the new manifest is \
            invalid (the last good one is kept) or manifest.url is not set; 1 when it cannot be \
            fetched (the last good one is kept). --json prints {"outcome", "url", "images", \
            "fetched_at", "current", "error"}.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Fetch even when the cached manifest is younger than manifest.min_age.")
    var force = false

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() async throws {
        let context = try CommandContext(global)
        let store = try context.openStore()
        let synchronizer = try context.manifestSynchronizer(store: store)
        let result = await synchronizer.sync(force: force)
        if json {
            try JSONOutput.print(SyncJSON(result: result, url: synchronizer.url))
        } else if result.failure == nil {
            print(Self.describe(result, url: synchronizer.url ?? "-", minAge: synchronizer.minAge))
        }
        if let failure = result.failure { throw CLIError(failure) }
    }

    private static func describe(_ result: ManifestSyncResult, url: String, minAge: Duration) -> String {
        let count = result.manifest.map { "\($0.images.count) image(s)" } ?? "no manifest"
        let fetched = result.fetchedAt.map { RFC3339.string(from: $0) } ?? "never"
        return switch result.outcome {
        case .fetched: "fetched \(url): \(count)"
        case .notModified: "not modified: \(url) (\(count))"
        case .skippedFresh: "fresh: fetched \(fetched), younger than manifest.min_age \(minAge) (\(count)); --force to pull"
        case .failed(let failure): failure.message
        }
    }
}
