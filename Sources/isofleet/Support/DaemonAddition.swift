import Foundation
import Node
import WireTypes

/// `isofleet add` with a daemon holding the data directory: `POST /api/v1/add`, then with `--wait`
/// polls `GET /api/v1/additions/{id}`, drawing its progress line from the first look (metadata,
/// bytes, rate, peers), until the image is placed (prints its path, as the foreground download
/// does) or the addition failed or was cancelled (exit 1 with its reason). `add --cancel ID` is
/// `DELETE /api/v1/additions/{id}`.
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
        let reporter = ProgressReporter()
        // As in the foreground: image URLs show progress on a terminal only (as `fetch` does), torrents always.
        let shows = reporter.isTerminal || addition.via == "swarm"
        defer { if shows { reporter.finish() } }
        var reported: ContinuousClock.Instant?
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        while !addition.isFinished {
            if shows, reported.map({ ContinuousClock.now - $0 >= reporter.interval }) ?? true {
                reporter.report(addition)
                reported = .now
            }
            if let deadline, ContinuousClock.now > deadline {
                throw CLIError.failure(
                    "not complete after \(timeout ?? 0) s (addition #\(addition.id) continues on the daemon; "
                        + "isofleet add --cancel \(addition.id) stops it)")
            }
            try await Task.sleep(for: .milliseconds(250))
            addition = try daemon.call("GET", "/api/v1/additions/\(addition.id)", as: AdditionStatus.self)
        }
        if shows { reporter.report(addition) }
        guard addition.state == .done, let path = addition.path else {
            let reason = addition.state == .cancelled ? "cancelled" : (addition.error ?? "failed")
            throw CLIError.failure("addition #\(addition.id): \(reason)")
        }
        print(path)
    }

    /// `isofleet add --cancel ID`: stops the daemon's addition and removes its partial files.
    static func cancel(id: Int, on daemon: RunningDaemon) throws {
        let cancelled = try daemon.call("DELETE", "/api/v1/additions/\(id)", as: AdditionStatus.self)
        print("cancelled #\(cancelled.id) \(cancelled.name ?? cancelled.source); its partial files are removed")
    }
}
