import Foundation
import Node

/// `isofleet update` with a daemon holding the data directory: `POST /api/v1/update` (with
/// `--prune`, `--force`), polls `GET /api/v1/update` until the run ends, then prints the run's
/// outcome from `GET /api/v1/update/report`: the same text, JSON and exit code as a run here.
struct DaemonUpdate {
    /// The part of `GET /api/v1/update` this needs.
    struct RunState: Decodable {
        var running: Bool
    }

    let daemon: RunningDaemon
    let prune: Bool
    let force: Bool
    /// Selection ids or specs (`--selection`); empty: every selection.
    let selections: [String]
    let json: Bool

    func run() async throws {
        _ = try daemon.call(
            "POST", "/api/v1/update?" + Self.query(prune: prune, force: force, selections: selections),
            as: [String: String].self)
        while try daemon.call("GET", "/api/v1/update", as: RunState.self).running {
            try await Task.sleep(for: .milliseconds(250))
        }
        let outcome = try daemon.call("GET", "/api/v1/update/report", as: UpdateRunOutcome.self)
        if let error = outcome.error {
            throw outcome.invalidInput ? CLIError.invalidInput(error) : CLIError.failure(error)
        }
        print((json ? outcome.json : outcome.text) ?? "")
        if let first = outcome.failures.first {
            throw CLIError.failure(
                outcome.failures.count == 1 ? first : "\(outcome.failures.count) failures; first: \(first)")
        }
    }

    /// `prune=…&force=…` and a `selection=…` per selection, percent-encoded.
    static func query(prune: Bool, force: Bool, selections: [String]) -> String {
        (["prune=\(prune)", "force=\(force)"] + selections.map { "selection=" + percentEncoded($0) })
            .joined(separator: "&")
    }

    /// `text` as a query parameter's value: everything but unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
