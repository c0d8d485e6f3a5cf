import Foundation
import WireTypes

/// The mirrors' ``MirrorRecord``s in the data directory (`mirrors.json`), written atomically by
/// the daemon's mirror syncs and read by the page and `GET /api/v1/storage`, so both show the
/// last syncs after a restart.
public struct MirrorRecords: Sendable {
    /// Path of `mirrors.json`.
    public let path: String

    /// The records of the node whose data directory is `dataDirectory`.
    public init(dataDirectory: String) {
        path = dataDirectory + "/mirrors.json"
    }

    /// Every record, by URL; empty when the file is missing or unreadable (a damaged file is
    /// rewritten by the next sync).
    public func load() -> [String: MirrorRecord] {
        guard let data = FileManager.default.contents(atPath: path),
            let records = try? WireJSON.decoder.decode([MirrorRecord].self, from: data)
        else { return [:] }
        return Dictionary(records.map { ($0.url, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Writes `records`, atomically.
    public func save(_ records: [String: MirrorRecord]) throws {
        let data = try WireJSON.encoder.encode(records.values.sorted { $0.url < $1.url })
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
