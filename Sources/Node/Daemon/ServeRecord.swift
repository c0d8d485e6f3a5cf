public import Foundation

/// What a running `isofleet serve` writes to `DATA_DIR/serve.json` once it listens, so that the
/// command line can find it: its pid, the URL of its API, when it started.
///
/// The record alone proves nothing (a killed daemon leaves it behind): ``ServeLock/runningDaemon(in:)``
/// trusts it only while the daemon's lock on `serve.lock` is held.
public struct ServeRecord: Codable, Hashable, Sendable {
    public var pid: Int32
    /// `http://host:port` the daemon's API answers on (loopback when it listens on all addresses).
    public var url: String
    public var started: Date

    public init(pid: Int32, url: String, started: Date) {
        self.pid = pid
        self.url = url
        self.started = started
    }

    /// The record as JSON bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads the record at `path`, or nil when it is missing or unreadable.
    public static func read(from path: String) -> ServeRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ServeRecord.self, from: data)
    }
}
