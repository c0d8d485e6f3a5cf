import ArgumentParser
import ISOCatalog
import ISOStore

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
        let selection: Selection
        do {
            selection = try Selection(parsing: spec, arch: arch, keep: keep)
        } catch {
            throw CLIError.invalidInput(error.message)
        }
        let store = try CommandContext(global).openStore()
        let (stored, change): (StoredSelection, CatalogStore.SelectionChange)
        do {
            (stored, change) = try store.addSelection(selection, autoUpdate: !noAutoUpdate)
        } catch {
            throw CLIError(error)
        }
        if json {
            try JSONOutput.print(SelectionJSON(stored: stored, change: "\(change)"))
            return
        }
        let verb = switch change {
        case .added: "added"
        case .updated: "updated"
        case .unchanged: "already present:"
        }
        print("\(verb) selection \(stored.id) \(stored.spec)"
            + (stored.selection.arch.map { " arch=\($0)" } ?? "")
            + " keep=\(stored.selection.keep) auto-update=\(stored.autoUpdate ? "yes" : "no")")
    }
}
