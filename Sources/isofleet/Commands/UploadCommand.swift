import ArgumentParser
import Foundation
import Node

/// `isofleet upload FILE URL`: one local file to S3, SMB, NFS or a mounted share, appearing whole
/// or not at all (what a storage mirror does for each image; `bench/storage.sh` times it).
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a file to s3://, smb://, nfs:// or file://, all or nothing.",
        discussion: """
            S3 objects are written by multipart upload with the SHA-256 in their metadata \
            (x-amz-meta-sha256); SMB, NFS (v3) and file:// targets are written under a temporary \
            name, then renamed. The size of what landed is checked. Credentials and endpoints \
            come from the configuration (docs/storage.md). Prints "SHA256  URL" on success.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The local file.", valueName: "file"))
    var file: String

    @Argument(help: ArgumentHelp("Where it goes (s3://bucket/key, smb://host/share/path, …).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The file's SHA-256 when known (else it is computed first).", valueName: "hex"))
    var sha256: String?

    @Flag(name: .shortAndLong, help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw ValidationError("--sha256 must be 64 hex digits, got \"\(sha256)\"")
        }
        if let problem = FileDownload.problem(with: url) { throw ValidationError(problem) }
    }

    func run() async throws {
        let site = try global.site()
        let upload: FileUpload
        do {
            upload = FileUpload(source: file, destination: url, sha256: sha256, remote: try site.remoteAccess())
        } catch {
            throw CLIError(error)
        }
        let bar = FileProgressBar(name: (file as NSString).lastPathComponent, via: "upload", quiet: quiet)
        let report: @Sendable (FileUpload.Progress) -> Void = { progress in
            bar.show(bytesDone: progress.bytesDone, totalBytes: progress.totalBytes)
        }
        do {
            let digest = try await upload.run(progress: bar.isShown ? report : nil)
            bar.finish()
            print("\(digest)  \(url)")
        } catch {
            bar.finish()
            throw CLIError(error)
        }
    }
}
