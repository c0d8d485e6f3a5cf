import ArgumentParser
import Node

/// `isofleet layout set TEMPLATE [--dry-run] [--json]`.
struct LayoutSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change the layout: move every held image to its path under TEMPLATE, then place new ones by it.",
        discussion: """
            Each image is renamed inside the repository (never copied) and its new path recorded at \
            once; the template is then stored in the catalog, where it overrides repository.layout. \
            Refused, nothing moved, when two images would share a path, a target path holds another \
            file, or an update run is in progress (exit 1). An interrupted change is finished by the \
            next 'layout' command or node start (DATA_DIR/layout-change.json holds its plan). \
            --dry-run prints the moves and changes nothing (exit 1 when the change would be refused). \
            With a daemon running on the data directory, the daemon does it.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The new template, e.g. '{family}/{name}/{flavor}/{name_lower}-{version}-{arch}.iso'.")
    var template: String

    @Flag(help: "Print the moves and change nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() throws {
        let plan: LayoutPlanJSON
        if let daemon = try RunningDaemon.find(global) {
            plan = try daemon.call(
                "POST", "/api/v1/layout", body: LayoutChange(template: template, dryRun: dryRun),
                as: LayoutPlanJSON.self)
        } else {
            let node = try global.node()
            plan = try request { () throws(RequestError) in
                dryRun ? try node.previewLayout(template) : try node.changeLayout(template)
            }
        }
        try LayoutText.print(plan, json: json)
        if !plan.possible {
            throw CLIError.failure("layout not changed: " + plan.refusals.joined(separator: "; "))
        }
    }

    /// `POST /api/v1/layout`'s body.
    struct LayoutChange: Encodable, Sendable {
        var template: String
        var dryRun: Bool

        enum CodingKeys: String, CodingKey {
            case template
            case dryRun = "dry_run"
        }
    }
}
