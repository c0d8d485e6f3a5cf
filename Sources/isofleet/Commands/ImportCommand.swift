import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet import DIR|URL [--copy|--move|--link] [--json]`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring the ISO files of a folder into the repository at their layout paths.",
        discussion: """
            Identities come from the file names (as 'parse-name' shows). A file is never copied over a \
            different one, and no partial file ever sits at a layout path. Files whose name cannot be \
            parsed, or whose image is already held elsewhere, are skipped (exit 0); exit 1 when a file \
            could not be imported (collision, read or write failure). A remote folder \
            (s3://bucket/prefix/, smb://host/share/dir/, nfs://host/export/dir/, file:///mnt/dir/) is \
            copied (--copy only): each file is read once into the data directory's incomplete/, hashed \
            on the way, then placed; a sidecar NAME.iso.json beside a file gives its identity, and an \
            image already held with the same size is not downloaded again.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp(
            "The folder to import from (searched recursively): a path, or an s3://, smb://, nfs:// or file:// URL.",
            valueName: "dir|url"))
    var directory: String

    @Flag(help: "How files are brought in (default: --copy).")
    var mode: ImportModeFlag = .copy

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() async throws {
        let report: ImportReportJSON
        if NodeEnvironment.isRemoteURL(directory) {
            report = try await importRemote()
        } else {
            report = try importLocal()
        }
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

    private func importLocal() throws -> ImportReportJSON {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.invalidInput("\(directory): no such directory")
        }
        let node = try global.node()
        let progress = ProgressLine()
        defer { progress.finish() }
        do {
            return try node.importFolder(directory, mode: mode.mode) { file, bytes in
                progress.update("\(mode.rawValue) \(file): \(ByteCount.size(bytes))")
            }
        } catch {
            throw CLIError(error)
        }
    }

    /// A remote folder: copied, never moved or linked (the node cannot link to or delete from it).
    private func importRemote() async throws -> ImportReportJSON {
        guard mode == .copy else {
            throw CLIError.invalidInput(
                "\(directory): --\(mode.rawValue) needs a local folder; a remote folder is imported with --copy")
        }
        let node = try global.node()
        let progress = SharedProgressLine()
        defer { progress.finish() }
        do {
            return try await node.importRemote(directory) { status in
                progress.update(
                    "copy \(status.file): \(ByteCount.size(status.bytesDone)) of \(ByteCount.size(status.totalBytes)), "
                        + "\(ByteCount.size(Int64(status.bytesPerSecond)))/s")
            }
        } catch {
            throw CLIError(error)
        }
    }
}

/// `import --json`: `{"imported": [image… + "from", "outcome", "note"], "skipped": [{"from", "reason"}],
/// "failed": [{"from", "reason"}]}`.
