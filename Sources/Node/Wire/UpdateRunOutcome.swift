public import Common
public import Foundation
import ISOCatalog

/// How the daemon's last update run ended, as `update` prints it (`GET /api/v1/update/report`):
/// the text and the `--json` document exactly as the command line would print them, or the
/// run's error, and the failures that make `update` exit 1. The command line prints these as its
/// own, so `update` says the same with and without a daemon.
public struct UpdateRunOutcome: Codable, Sendable, Equatable {
    /// `update`'s text summary (``UpdateSummary/report(_:)``); nil when the run failed.
    public var text: String?
    /// `update --json`'s document (``UpdateReportJSON``), as text; nil when the run failed.
    public var json: String?
    /// Reasons of the fetches and deletions that failed (the run still completed the others).
    public var failures: [String]
    /// Why the run could not run; nil when it ran.
    public var error: String?
    /// True when ``error`` is the caller's (no or invalid manifest): exit 2.
    public var invalidInput: Bool

    enum CodingKeys: String, CodingKey {
        case text, json, failures, error
        case invalidInput = "invalid_input"
    }

    /// The outcome of a run, its JSON document encoded by `encoder` (the command line's settings).
    public init(_ outcome: Result<UpdateReport, UpdateError>, url: String?, encoder: JSONEncoder) throws {
        switch outcome {
        case .success(let report):
            text = UpdateSummary.report(report)
            json = String(decoding: try encoder.encode(UpdateReportJSON(report: report, url: url)), as: UTF8.self)
            failures = report.failed.map(\.reason) + report.deletionFailures.map(\.reason)
            error = nil
            invalidInput = false
        case .failure(let failure):
            text = nil
            json = nil
            failures = []
            error = failure.message
            let code = failure.manifestFailure?.code
            invalidInput = code == .invalid || code == .notConfigured
        }
    }
}
