import ArgumentParser
import Foundation
import Node

/// `isofleet fetch URL... --output PATH`: one HTTP(S) download with the node's fetcher (resume,
/// retries, mirrors in order, SHA-256 while receiving), promoted to PATH only when complete.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a file over HTTP(S), resuming and verifying it.",
        discussion: """
            The URLs are mirrors of the same file, tried in order. Bytes land in the incomplete \
            file (default OUTPUT.part; run the same command again to resume) and reach OUTPUT \
            only once complete and, with --sha256, verified. Prints "SHA256  OUTPUT" on success.
            """
    )

    @Argument(help: ArgumentHelp("Mirrors of the file (http:// or https://), tried in order.", valueName: "url"))
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
        for url in urls where !["http", "https"].contains(URL(string: url)?.scheme?.lowercased() ?? "") {
            throw ValidationError("not an http(s) URL: \(url)")
        }
        if attempts < 1 { throw ValidationError("--attempts must be at least 1") }
    }

    func run() async throws {
        let download = FileDownload(
            mirrors: urls.compactMap(URL.init(string:)), output: output, incomplete: incomplete, expectedSHA256: sha256,
            expectedSize: size, attempts: attempts, connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            buffered: buffered)
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        do {
            let sha256 = try await download.run(progress: showProgress ? Self.printProgress : nil)
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            print("\(sha256)  \(output)")
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            throw CLIError(error)
        }
    }

    private static let printProgress: @Sendable (FileDownload.Progress) -> Void = { progress in
        let done = Double(progress.bytesDone) / 1_048_576
        let rate = progress.bytesPerSecond / 1_048_576
        let line =
            if let total = progress.totalBytes, total > 0 {
                String(
                    format: "\r%.1f / %.1f MiB (%.0f%%) %.1f MiB/s ", done, Double(total) / 1_048_576,
                    100 * Double(progress.bytesDone) / Double(total), rate)
            } else {
                String(format: "\r%.1f MiB %.1f MiB/s ", done, rate)
            }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
