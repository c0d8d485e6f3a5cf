import ArgumentParser
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet select add SPEC [--arch A] [--keep N] [--no-auto-update] [--json]`.
struct SelectAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a selection (adding the same SPEC and arch again updates keep and auto-update).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "FAMILY/NAME/FLAVOR@MAJOR.MINOR.PATCH, e.g. Linux/Ubuntu/Server@22.latest or Linux/*/*@latest.")
    var spec: String

    @Option(help: "Only images of this architecture.")
    var arch: String?

    @Option(help: "Versions to keep per name and flavor (1: only the best).")
    var keep = 1

    @Flag(name: .customLong("no-auto-update"), help: "Fetch the best image once; do not follow newer versions.")
    var noAutoUpdate = false

    @Flag(help: "Print the stored selection as JSON.")
    var json = false

    func run() throws {
        // Checked here too, so a bad spec is refused the same way with and without a daemon.
        do { _ = try Selection(parsing: spec, arch: arch, keep: keep) } catch {
            throw CLIError.invalidInput(error.message)
        }
        let stored: SelectionJSON
        if let daemon = try RunningDaemon.find(global) {
            stored = try daemon.call(
                "POST", "/api/v1/selections",
                body: SelectionRequest(selection: spec, arch: arch, keep: keep, autoUpdate: !noAutoUpdate),
                as: SelectionJSON.self)
        } else {
            let node = try global.node()
            stored = try request { () throws(RequestError) in
                try node.addSelection(spec: spec, arch: arch, keep: keep, autoUpdate: !noAutoUpdate)
            }
        }
        if json {
            try JSONOutput.print(stored)
            return
        }
        let verb =
            switch stored.change {
            case "added": "added"
            case "updated": "updated"
            default: "already present:"
            }
        print(
            "\(verb) selection \(stored.id) \(stored.described)"
                + " keep=\(stored.keep) auto-update=\(stored.autoUpdate ? "yes" : "no")")
        if let warning = stored.warning { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    }
}
