import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet import DIR [--copy|--move|--link] [--json]`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring the ISO files of a folder into the repository at their layout paths.",
        discussion: """
            Identities come from the file names (as 'parse-name' shows). A file is never copied over a \
            different one, and no partial file ever sits at a layout path. Files whose name cannot be \
            parsed, or whose image is already held elsewhere, are skipped (exit 0); exit 1 when a file \
            could not be imported (collision, read or write failure).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder to import from (searched recursively).")
    var directory: String

    @Flag(help: "How files are brought in (default: --copy).")
    var mode: ImportModeFlag = .copy

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.invalidInput("\(directory): no such directory")
        }
        let node = try global.node()
        let progress = ProgressLine()
        let report: ImportReportJSON
        do {
            report = try node.importFolder(directory, mode: mode.mode) { file, bytes in
                progress.update("\(mode.rawValue) \(file): \(ByteCount.size(bytes))")
            }
        } catch {
            progress.finish()
            throw CLIError(error)
        }
        progress.finish()
        if json {
            try JSONOutput.print(report)
        } else {
            for image in report.imported {
                let outcome = image.extra["outcome"]?.text ?? ""
                print(
                    "\(outcome.replacingOccurrences(of: "_", with: " ")) \(image.extra["from"]?.text ?? "") -> \(image.path)"
                        + (image.extra["note"]?.text.map { " (\($0))" } ?? ""))
            }
            for issue in report.skipped { print("skipped \(issue.from): \(issue.reason)") }
            for issue in report.failed { print("failed  \(issue.from): \(issue.reason)") }
            print("\(report.imported.count) imported, \(report.skipped.count) skipped, \(report.failed.count) failed")
        }
        if let first = report.failed.first {
            throw CLIError.failure("\(report.failed.count) file(s) not imported; first: \(first.from): \(first.reason)")
        }
    }
}

/// `import --json`: `{"imported": [image… + "from", "outcome", "note"], "skipped": [{"from", "reason"}],
/// "failed": [{"from", "reason"}]}`.
