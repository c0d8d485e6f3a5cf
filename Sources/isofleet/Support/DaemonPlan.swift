import Foundation
import Node

/// `isofleet update --dry-run` with a daemon holding the data directory: `GET /api/v1/plan` (with
/// `--prune`, `--force`, `--selection`), printing the dry run's text or `--json` document as the
/// daemon made them, so the plan is the one its run would follow (its manifest, swarm and peers).
struct DaemonPlan {
    /// The part of `GET /api/v1/plan` this prints.
    struct Printed: Decodable {
        var text: String
        var json: String
    }

    let daemon: RunningDaemon
    let prune: Bool
    let force: Bool
    let selections: [String]
    let json: Bool

    func run() throws {
        let plan = try daemon.call(
            "GET", "/api/v1/plan?" + DaemonUpdate.query(prune: prune, force: force, selections: selections),
            as: Printed.self)
        print(json ? plan.json : plan.text)
    }
}
