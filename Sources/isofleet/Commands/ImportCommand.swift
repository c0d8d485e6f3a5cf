import ArgumentParser
import ISOCatalog
import Foundation
import ISOStore
import Node
import Repository
import Common
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
        let context = try global.site()
        let importer = Importer(repository: context.repository, store: try context.openStoreForCommand())
        let progress = ProgressLine()
        let report: ImportReport
        do {
            report = try importer.importFolder(directory, mode: mode.mode) { file, bytes in
                progress.update("\(mode.rawValue) \(file): \(ByteCount.size(bytes))")
            }
        } catch {
            progress.finish()
            throw CLIError(error)
        }
        progress.finish()
        if json {
            try JSONOutput.print(ImportReportJSON(report: report))
        } else {
            for item in report.imported {
                print("\(item.outcome.rawValue.replacingOccurrences(of: "_", with: " ")) \(item.from) -> \(item.image.path)"
                    + (item.note.map { " (\($0))" } ?? ""))
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
private struct ImportReportJSON: Encodable {
    let report: ImportReport

    private struct Issue: Encodable {
        let from: String
        let reason: String
    }

    enum CodingKeys: String, CodingKey { case imported, skipped, failed }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            report.imported.map {
                ImageJSON($0.image, extra: [
                    "from": .text($0.from), "outcome": .text($0.outcome.rawValue), "note": .text($0.note),
                ])
            }, forKey: .imported)
        try container.encode(report.skipped.map { Issue(from: $0.from, reason: $0.reason) }, forKey: .skipped)
        try container.encode(report.failed.map { Issue(from: $0.from, reason: $0.reason) }, forKey: .failed)
    }
}
