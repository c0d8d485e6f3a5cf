import Acquisition
public import Common
public import Foundation
import ISOCatalog

/// What `GET /api/v1/update` and the page's update section show: whether a run is in progress,
/// its transfers while it runs, and how the last run ended. URLs in it are shown without
/// credentials or query (``DisplayedURL``): anyone may read it.
public struct UpdateRunStatus: Sendable, Encodable, Equatable {
    /// One transfer in flight.
    public struct Transfer: Sendable, Encodable, Equatable {
        /// Layout path, relative to the repository root.
        public var path: String
        /// `swarm` or `origin` (the acquirer at work).
        public var via: String
        /// What is being read: a mirror URL, `swarm`; nil before the first byte.
        public var source: String?
        public var bytesDone: Int64
        public var totalBytes: Int64?
        public var bytesPerSecond: Double
        public var bytesFromOrigin: Int64
        public var bytesFromSwarm: Int64

        enum CodingKeys: String, CodingKey {
            case path, via, source
            case bytesDone = "bytes_done"
            case totalBytes = "total_bytes"
            case bytesPerSecond = "bytes_per_second"
            case bytesFromOrigin = "bytes_from_origin"
            case bytesFromSwarm = "bytes_from_swarm"
        }

        public init(_ status: TransferStatus) {
            path = status.path
            via = status.kind == .swarm ? "swarm" : "origin"
            source = status.source.map(DisplayedURL.withoutSecrets)
            bytesDone = status.bytesDone
            totalBytes = status.totalBytes
            bytesPerSecond = status.bytesPerSecond
            bytesFromOrigin = status.bytesFromOrigin
            bytesFromSwarm = status.bytesFromSwarm
        }
    }

    /// How the last run ended.
    public struct LastRun: Sendable, Encodable, Equatable {
        /// `succeeded`, `succeeded with warnings` (see ``warnings``), `partial` (some fetch or
        /// deletion failed) or `failed` (could not run).
        public var outcome: String
        /// One line for people.
        public var summary: String
        public var fetched: [String]
        public var failed: [String]
        public var deleted: [String]
        /// What the run could not do for a selection (``UpdateWarning``), in selection order.
        public var warnings: [UpdateWarning]

        public init(_ result: Result<UpdateReport, UpdateError>) {
            switch result {
            case .success(let report):
                outcome = report.outcome
                warnings = report.warnings.map { warning in
                    var scrubbed = warning
                    scrubbed.message = DisplayedURL.scrubbed(warning.message)
                    return scrubbed
                }
                fetched = report.fetched.map(\.path)
                failed =
                    (report.failed.map { "\($0.path): \($0.reason)" }
                    + report.deletionFailures.map { "\($0.path): \($0.reason)" }).map(DisplayedURL.scrubbed)
                deleted = report.deleted.map(\.path)
                summary =
                    "\(fetched.count) fetched, \(failed.count) failed, \(deleted.count) deleted, "
                    + "\(report.kept.count) kept, \(warnings.count) warning\(warnings.count == 1 ? "" : "s") "
                    + "(manifest \(report.manifest.outcomeName))"
            case .failure(let error):
                outcome = "failed"
                summary = DisplayedURL.scrubbed(error.message)
                fetched = []
                failed = []
                deleted = []
                warnings = []
            }
        }
    }

    /// True while a run launched by this daemon is in progress.
    public var running: Bool
    /// When the running run started.
    public var started: Date?
    /// The transfers of the running run, by path.
    public var transfers: [Transfer]
    /// The last run's outcome; nil before the first run.
    public var last: LastRun?
    /// Transfers the running run planned (0 before its plan is made): the page's "n of m".
    public var planned = 0
    /// Planned transfers that ended (fetched or failed) in the running run.
    public var finished = 0

    public init(running: Bool, started: Date?, transfers: [Transfer], last: LastRun?) {
        self.running = running
        self.started = started
        self.transfers = transfers
        self.last = last
    }
}
