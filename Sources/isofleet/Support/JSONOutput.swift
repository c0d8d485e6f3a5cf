import Foundation
import ISOCatalog

/// Prints the one JSON document a `--json` command writes to stdout.
enum JSONOutput {
    /// Encodes `value` (sorted keys, pretty, RFC 3339 dates) and prints it with a final newline.
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw CLIError.failure("cannot encode the JSON output: \(error)")
        }
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
