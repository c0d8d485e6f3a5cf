import ArgumentParser
import Common
import Foundation
import Node
import WireTypes

/// `isofleet status [--json]`: the node's figures — from the running daemon when one holds the
/// data directory, else computed from the data directory; the same output either way.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the node holds, its selections, the manifest and the transfers.",
        discussion: """
            With a daemon running on the data directory (DATA_DIR/serve.json, its lock held), asks its \
            /api/v1/status; otherwise reads the data directory itself. --json prints NodeStatus: \
            {"data_dir", "repository", "images", "selections", "manifest", "transfers"}.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let status: NodeStatus
        if let daemon = try RunningDaemon.find(global) {
            status = try daemon.call("GET", "/api/v1/status", as: NodeStatus.self)
        } else {
            let site = try global.site()
            let environment = try command(site.readingEnvironment())
            do { status = try environment.status() } catch { throw CLIError(error) }
        }
        if json {
            try JSONOutput.print(status)
        } else {
            print(Self.text(status))
        }
    }

    /// The human summary.
    static func text(_ status: NodeStatus) -> String {
        let manifest: String
        if let error = status.manifest.lastError {
            manifest = "last pull failed: \(error)"
        } else if let fetched = status.manifest.fetchedAt {
            manifest =
                "\(status.manifest.images.map(String.init) ?? "?") images, fetched \(fetched)"
                + (status.manifest.url.map { " from \($0)" } ?? "")
        } else {
            manifest = "none pulled yet"
        }
        var table = TextTable("", "")
        table.rows = [
            ["data directory", status.dataDirectory],
            ["repository", status.repository],
            [
                "images",
                "\(status.images.held) held (\(ByteCount.size(status.images.bytes))), "
                    + "\(status.images.missing) missing, \(status.images.withoutChecksum) without sha256",
            ],
            ["selections", "\(status.selections.total) (\(status.selections.autoUpdate) auto-update)"],
            ["manifest", manifest],
            ["pulled every", status.manifest.interval],
            [
                "transfers",
                NodeStatus.transferStates.map { "\(status.transfers[$0] ?? 0) \($0)" }
                    .joined(separator: ", "),
            ],
        ]
        return table.render().split(separator: "\n").dropFirst().joined(separator: "\n")
    }
}
