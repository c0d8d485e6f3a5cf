import Foundation
import Node
import WireTypes

/// `isofleet add` with a daemon holding the data directory: `POST /api/v1/add`, then with `--wait`
/// polls `GET /api/v1/additions/{id}` until the image is placed (prints its path, as the
/// foreground download does) or the addition failed (exit 1 with its reason).
struct DaemonAddition {
    let daemon: RunningDaemon
    let source: String
    let sha256: String?
    let timeout: Int?

    func run(wait: Bool) async throws {
        var addition = try daemon.call(
            "POST", "/api/v1/add", body: AddSourceRequest(source: source, sha256: sha256), as: AdditionStatus.self)
        guard wait else {
            print(
                "started #\(addition.id) \(addition.name ?? source) via \(addition.via) on the daemon at \(daemon.url)")
            return
        }
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        while !addition.isFinished {
            if let deadline, ContinuousClock.now > deadline {
                throw CLIError.failure(
                    "not complete after \(timeout ?? 0) s (addition #\(addition.id) continues on the daemon)")
            }
            try await Task.sleep(for: .milliseconds(250))
            addition = try daemon.call("GET", "/api/v1/additions/\(addition.id)", as: AdditionStatus.self)
        }
        guard addition.state == .done, let path = addition.path else {
            throw CLIError.failure(addition.error ?? "addition #\(addition.id) failed")
        }
        print(path)
    }
}
