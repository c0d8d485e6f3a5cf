import Foundation
import WireTypes

/// Prints the one JSON document a `--json` command writes to stdout.
enum JSONOutput {
    /// Encodes `value` (sorted keys, pretty, RFC 3339 dates) and prints it with a final newline.
    static func print(_ value: some Encodable) throws {
        let data: Data
        do { data = try WireJSON.encoder.encode(value) } catch {
            throw CLIError.failure("cannot encode the JSON output: \(error)")
        }
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
