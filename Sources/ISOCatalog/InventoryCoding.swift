public import Foundation

/// Reads and writes `inventory.json` (design §4): a JSON array of `InventoryEntry`, sorted by
/// `path` (then identity), with sorted keys, two-space pretty printing and RFC 3339 `added`
/// dates, so that rewrites of an unchanged inventory are byte-identical and changes diff cleanly.
///
/// Writing the bytes atomically (temporary file, fsync, rename) is the caller's job.
public enum InventoryCoding {
    /// Encodes `entries` in the stable order, ending with a newline.
    public static func encode(_ entries: [InventoryEntry]) throws(InventoryError) -> Data {
        do {
            var data = try RFC3339.makeEncoder().encode(sorted(entries))
            data.append(0x0A)
            return data
        } catch {
            throw InventoryError(.encoding, "cannot encode the inventory: \(error)")
        }
    }

    /// Decodes an inventory; refuses malformed JSON, wrong field types and duplicate paths.
    public static func decode(_ data: Data) throws(InventoryError) -> [InventoryEntry] {
        let entries: [InventoryEntry]
        do {
            entries = try RFC3339.makeDecoder().decode([InventoryEntry].self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw InventoryError(.malformed, "inventory is not valid JSON: \(error)")
        }
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() where !seen.insert(entry.path).inserted {
            throw InventoryError(.duplicatePath, "inventory[\(index)]: path '\(entry.path)' appears twice")
        }
        return sorted(entries)
    }

    /// The stable order: by `path`, then by identity description.
    public static func sorted(_ entries: [InventoryEntry]) -> [InventoryEntry] {
        entries.sorted {
            ($0.path.unicodeScalars.lexicographicallyPrecedes($1.path.unicodeScalars))
                || ($0.path == $1.path && $0.identity.description < $1.identity.description)
        }
    }

    private static func describe(_ error: DecodingError) -> InventoryError {
        func location(_ path: [any CodingKey]) -> String {
            guard let first = path.first, let index = first.intValue else { return "inventory" }
            let field = path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "inventory[\(index)]" + (field.isEmpty ? "" : " field \(field.dropFirst())")
        }
        switch error {
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return InventoryError(
                    .malformed, "inventory is not a JSON array of entries: \(context.debugDescription)")
            }
            return InventoryError(.invalidEntry, "\(location(context.codingPath)): \(context.debugDescription)")
        case .keyNotFound(let key, let context):
            return InventoryError(
                .invalidEntry, "\(location(context.codingPath + [key])): missing")
        case .valueNotFound(_, let context):
            return InventoryError(.invalidEntry, "\(location(context.codingPath)): null where a value is required")
        @unknown default:
            return InventoryError(.malformed, "inventory cannot be decoded: \(error)")
        }
    }
}
