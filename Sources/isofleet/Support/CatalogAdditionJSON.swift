import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// The JSON accepted by `catalog add --json`: one ``CatalogAdditionRequest`` object or an array of
/// them (the shape `POST /api/v1/catalog` takes too).
enum CatalogAdditionJSON {
    /// Reads `file` ('-' for stdin) as one object or an array; malformed JSON is invalid input (exit 2).
    static func read(_ file: String) throws -> [CatalogAdditionRequest] {
        let data = try InputFile.read(file)
        let decoder = JSONDecoder()
        let items: [CatalogAdditionRequest]
        do {
            let first = data.first { !(" \t\r\n".utf8.contains($0)) }
            if first == UInt8(ascii: "[") {
                items = try decoder.decode([CatalogAdditionRequest].self, from: data)
            } else {
                items = [try decoder.decode(CatalogAdditionRequest.self, from: data)]
            }
        } catch {
            throw CLIError.invalidInput("\(file): \(DecodingProblem.describe(error))")
        }
        guard !items.isEmpty else { throw CLIError.invalidInput("\(file): no images to add") }
        return items
    }
}
