import ArgumentParser
import Foundation
import Node

/// `isofleet fetch URL... --output PATH`: one download over HTTP(S), S3, SMB, NFS or a mounted
/// share with the node's fetcher (resume, retries, mirrors in order, SHA-256 while receiving),
/// promoted to PATH only when complete. s3/smb credentials and endpoints come from the
/// configuration (`s3.*`, `smb.*`) and the AWS environment.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a file over HTTP(S), S3, SMB, NFS or file://, resuming and verifying it.",
        discussion: """
            The URLs are mirrors of the same file, tried in order. Bytes land in the incomplete \
            file (default OUTPUT.part; run the same command again to resume) and reach OUTPUT \
            only once complete and, with --sha256, verified. Prints "SHA256  OUTPUT" on success. \
            s3:// uses s3.region, s3.endpoint and the AWS credential chain; smb:// uses smb.user \
            and smb.password_file (docs/storage.md).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp(
            "Mirrors of the file (http://, https://, s3://, smb://, nfs://, file://), tried in order.",
            valueName: "url"))
    var urls: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Where the complete file goes.", valueName: "path"))
    var output: String

    @Option(help: ArgumentHelp("Expected SHA-256 (64 hex digits); a mismatch fails the mirror.", valueName: "hex"))
    var sha256: String?

    @Option(help: ArgumentHelp("Expected size in bytes; a larger body fails the mirror.", valueName: "bytes"))
    var size: Int64?

    @Option(help: ArgumentHelp("The incomplete file (default: OUTPUT.part).", valueName: "path"))
    var incomplete: String?

    @Option(help: ArgumentHelp("Attempts per mirror (default 4).", valueName: "n"))
    var attempts: Int = FileDownload.defaultAttempts

    @Option(help: ArgumentHelp("Connect timeout in seconds (default 15).", valueName: "seconds"))
    var connectTimeout: Double = 15

    @Flag(help: "Write through the page cache instead of with O_DIRECT.")
    var buffered = false

    @Flag(name: .shortAndLong, help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw ValidationError("--sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
        for url in urls {
            if let problem = FileDownload.problem(with: url) { throw ValidationError(problem) }
        }
        if attempts < 1 { throw ValidationError("--attempts must be at least 1") }
    }

    func run() async throws {
        let site = try global.site()
        let download: FileDownload
        do {
            download = FileDownload(
                mirrors: urls.compactMap(URL.init(string:)), output: output, incomplete: incomplete,
                expectedSHA256: sha256, expectedSize: size, attempts: attempts,
                connectTimeout: .milliseconds(Int64(connectTimeout * 1000)), buffered: buffered,
                remote: try site.remoteAccess())
        } catch {
            throw CLIError(error)
        }
        let bar = FileProgressBar(name: (output as NSString).lastPathComponent, via: "origin", quiet: quiet)
        let report: @Sendable (FileDownload.Progress) -> Void = { progress in
            bar.show(
                bytesDone: progress.bytesDone, totalBytes: progress.totalBytes, bytesPerSecond: progress.bytesPerSecond)
        }
        do {
            let sha256 = try await download.run(progress: bar.isShown ? report : nil)
            bar.finish()
            print("\(sha256)  \(output)")
        } catch {
            bar.finish()
            throw CLIError(error)
        }
    }
}
