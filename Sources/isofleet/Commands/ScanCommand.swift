import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet scan [DIR] [--json]`: brings the catalog in line with the files in the repository.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan the repository (or a directory inside it) and auto-add the ISO files found.",
        discussion: """
            New ISO files are identified from their path (as 'parse-name' does), hashed and added with \
            source 'scan'; files whose size and mtime are unchanged are not hashed again; images whose \
            file vanished are marked missing. Names that cannot be parsed are not guessed: they are \
            listed at the end, with what the parser recognised and what was missing, beside every \
            other file scan and import could not classify. \
            Exit 1 when a file could not be read.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A directory inside the repository (default: the repository root).")
    var directory: String?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        var isDirectory: ObjCBool = false
        if let directory,
            !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue
        {
            throw CLIError.invalidInput("\(directory): no such directory")
        }
        let node = try global.node()
        let progress = ProgressLine()
        let report: ScanReportJSON
        do {
            report = try node.scan(directory: directory) { status in
                progress.update(
                    "hashing \(status.filesDone + 1)/\(status.filesTotal) files, "
                        + "\(ByteCount.size(status.bytesHashed)) of \(ByteCount.size(status.bytesToHash))"
                        + (status.currentPath.map { ": \($0)" } ?? ""))
            }
        } catch {
            progress.finish()
            throw CLIError(error)
        }
        progress.finish()
        if json {
            try JSONOutput.print(report)
        } else {
            printSummary(report)
            do { printUnclassified(try node.unclassifiedFiles()) } catch { throw CLIError(error) }
        }
        if let first = report.failed.first {
            throw CLIError.failure(
                "\(report.failed.count) file(s) could not be read; first: \(first.path): \(first.reason)")
        }
    }

    /// Every file scan and import could not classify (this scan's and earlier ones), with the reason
    /// and the command that would classify it.
    private func printUnclassified(_ files: [UnclassifiedFileJSON]) {
        guard !files.isEmpty else { return }
        print(
            "\(files.count) file(s) not classified (catalog them with 'isofleet catalog add FILE --family … --name … --flavor … --version …' or on the page):"
        )
        for file in files {
            print("unclassified  \(file.path) (\(ByteCount.size(file.size))): \(file.reason)")
        }
    }

    private func printSummary(_ report: ScanReportJSON) {
        for image in report.added { print("added    \(image.identity)  \(image.path)") }
        for image in report.updated { print("updated  \(image.identity)  \(image.path)") }
        for image in report.missing { print("missing  \(image.identity)  \(image.path)") }
        for issue in report.duplicates { print("skipped  \(issue.path): \(issue.reason)") }
        for issue in report.skipped { print("skipped  \(issue.path): \(issue.reason)") }
        for issue in report.failed { print("failed   \(issue.path): \(issue.reason)") }
        let seconds = report.seconds
        print(
            "\(report.added.count) added, \(report.updated.count) updated, \(report.unchanged) unchanged, "
                + "\(report.missing.count) missing, \(report.unparseable.count) unparseable; hashed \(report.hashedFiles) "
                + "file(s) (\(ByteCount.size(report.hashedBytes))), \(report.cachedFiles) from cache, "
                + String(format: "%.2f", seconds) + " s")
    }
}

/// `scan --json`: `{"added", "updated", "missing": [image…], "unchanged", "unparseable",
/// "duplicates", "skipped", "failed": [{"path", "reason"}], "hashed_files", "hashed_bytes",
/// "cached_files", "seconds"}`.
