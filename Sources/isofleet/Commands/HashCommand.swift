import ArgumentParser
import Node

/// `isofleet hash FILE...` (hidden): SHA-256 with the same code path as `scan` and `import`,
/// printed like `sha256sum`. Used by `bench/sha256.sh`.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print the SHA-256 of files (as sha256sum does).", shouldDisplay: false)

    @Argument(help: "Files to hash.")
    var files: [String]

    func run() throws {
        for file in files {
            print("\(try request { () throws(RequestError) in try FileChecksum.sha256(ofFileAt: file) })  \(file)")
        }
    }
}
