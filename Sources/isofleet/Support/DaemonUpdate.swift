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
    let json: Bool

    func run() async throws {
        _ = try daemon.call("POST", "/api/v1/update?prune=\(prune)&force=\(force)", as: [String: String].self)
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
}
