import ArgumentParser
import Node

/// `isofleet layout show [--template T] [--json]`.
struct LayoutShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the layout in force and where each held image goes under it (or under --template).",
        discussion: """
            Lists the template in force and where it comes from (store: set with 'layout set'; \
            configuration: repository.layout; default), then each held image not at its layout \
            path, with the path it would move to. With a daemon running on the data directory, \
            asks it. JSON: {"template", "current", "source", "possible", "refusals", "moves": \
            [{"image", "from", "to"}], "unchanged", "missing", "applied", "recovered"}.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Preview this template instead of the one in force (changes nothing).")
    var template: String?

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() throws {
        let plan: LayoutPlanJSON
        if let daemon = try RunningDaemon.find(global) {
            let query = template.map { "?template=" + DaemonUpdate.percentEncoded($0) } ?? ""
            plan = try daemon.call("GET", "/api/v1/layout" + query, as: LayoutPlanJSON.self)
        } else {
            let node = try global.node()
            plan = try request { () throws(RequestError) in try node.previewLayout(template) }
        }
        try LayoutText.print(plan, json: json)
    }
}
