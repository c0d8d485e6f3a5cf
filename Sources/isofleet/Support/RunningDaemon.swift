import Foundation
import ISOCatalog
import Node
import Repository

/// The `isofleet serve` holding the data directory, as the commands that change something talk to
/// it (`add`, `select add|remove|list`): its API at `serve.json`'s URL, with the admin token
/// (`admin.token`, else `DATA_DIR/admin-token`) as bearer. Its answers decode into the same values
/// the direct path computes, so the output is the same either way.
struct RunningDaemon {
    let record: ServeRecord
    let token: String?

    /// The daemon holding `global`'s data directory, or nil when none does.
    static func find(_ global: GlobalOptions) throws -> RunningDaemon? {
        let dataDirectory = global.dataDirectory()
        guard let record = ServeLock.runningDaemon(in: dataDirectory) else { return nil }
        let configured = try global.loadConfiguration()[.adminToken]
        let token = configured ?? FileManager.default.contents(atPath: dataDirectory.adminToken).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return RunningDaemon(record: record, token: token)
    }

    /// Sends `method path` (with `body` as JSON) and decodes the 2xx answer as `T`. An error answer
    /// becomes its `{"error"}` message: 400 exit 2, anything else exit 1.
    func call<T: Decodable>(_ method: String, _ path: String, body: [String: Any]? = nil, as type: T.Type) throws -> T {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, answer) = try DaemonClient.request(record.url, method, path, body: data, token: token)
        guard (200..<300).contains(status) else {
            let message = (try? JSONDecoder().decode([String: String].self, from: answer))?["error"]
                ?? "the daemon at \(record.url) answered \(status) to \(method) \(path)"
            throw status == 400 ? CLIError.invalidInput(message) : CLIError.failure(message)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not RFC 3339: \(text)"))
            }
            return date
        }
        do { return try decoder.decode(T.self, from: answer) } catch {
            throw CLIError.failure("the daemon at \(record.url) sent an answer to \(method) \(path) this version cannot read: \(error)")
        }
    }
}
