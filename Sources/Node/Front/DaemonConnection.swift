public import Common
import Fetch
public import Foundation
import Repository
import WireTypes

/// The `isofleet serve` holding a data directory, as the command line talks to it: its API at
/// `serve.json`'s URL, with the admin token (`admin.token`, else `DATA_DIR/admin-token`) as
/// bearer, through the node's one HTTP client. Its answers are the wire types the local path
/// computes, so a command prints the same either way.
public struct DaemonConnection: Sendable {
    /// `http://host:port` of the daemon's web server.
    public let url: String
    /// When the daemon started.
    public let started: Date
    let token: String?

    /// The daemon holding `site`'s data directory, or nil when none does.
    public static func find(site: NodeSite) -> DaemonConnection? {
        guard let record = ServeLock.runningDaemon(in: site.dataDirectory) else { return nil }
        let token =
            site.configuration[.adminToken]
            ?? FileManager.default.contents(atPath: site.dataDirectory.adminToken).map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        return DaemonConnection(url: record.url, started: record.started, token: token)
    }

    /// Whether a daemon holds the data directory at `path` (no configuration needed).
    public static func isRunning(inDataDirectory path: String) -> Bool {
        ServeLock.runningDaemon(in: DataDirectory(path)) != nil
    }

    /// Sends `method path` with `body` as JSON and decodes the 2xx answer as `T`. Blocks the
    /// calling thread (the command line's) for at most 10 s.
    /// - Throws: ``RequestError``: the daemon's `{"error"}` message, `invalidInput` for a 400,
    ///   `failure` for anything else (no answer, another status, an answer this version cannot read).
    public func call<T: Decodable>(
        _ method: String, _ path: String, body: (any Encodable & Sendable)? = nil, as type: T.Type
    ) throws(RequestError) -> T {
        guard let target = URL(string: url + path) else {
            throw RequestError(.failure, "the daemon's URL \(url) is not usable")
        }
        var headers = ["Accept: application/json"]
        if let token { headers.append("Authorization: Bearer \(token)") }
        var data: Data?
        if let body {
            headers.append("Content-Type: application/json")
            do { data = try WireJSON.encoder.encode(body) } catch {
                throw RequestError(.failure, "cannot encode the request to the daemon: \(error)")
            }
        }
        let response: HTTPExchange.Response
        do {
            response = try HTTPExchange(method: method, url: target, headers: headers, body: data, maxBytes: 64 << 20)
                .perform()
        } catch {
            throw RequestError(.failure, "cannot reach the daemon at \(url): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            let message =
                (try? JSONDecoder().decode([String: String].self, from: response.body))?["error"]
                ?? "the daemon at \(url) answered \(response.status) to \(method) \(path)"
            throw RequestError(response.status == 400 ? .invalidInput : .failure, message)
        }
        do { return try WireJSON.decoder.decode(T.self, from: response.body) } catch {
            throw RequestError(
                .failure, "the daemon at \(url) sent an answer to \(method) \(path) this version cannot read: \(error)")
        }
    }
}
