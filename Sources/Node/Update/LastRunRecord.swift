public import Common
public import Foundation
import ISOCatalog
public import ISOStore

/// How the last update run on this data directory ended, kept in the store (setting
/// ``setting``) so the page shows its warnings per selection whoever ran it — the daemon or
/// `isofleet update` in a separate process — and after a restart.
///
/// The page shows it to anyone: every message is scrubbed of credentials
/// (``DisplayedURL/scrubbed(_:)``) when the record is made.
public struct LastRunRecord: Sendable, Codable, Equatable {
    /// The store setting holding the record as JSON.
    public static let setting = "update.last_run"

    /// RFC 3339 time the run ended.
    public var finished: String
    /// ``UpdateReport/outcome``, or `failed` when the run could not run (see ``failure``).
    public var outcome: String
    /// Why the run failed outright; nil when it ran.
    public var failure: String?
    /// The warnings per selection: this run's for the selections it covered, the earlier runs'
    /// for the others (a run limited to some selections, a run that failed outright).
    public var warnings: [UpdateWarning]

    public init(finished: String, outcome: String, failure: String? = nil, warnings: [UpdateWarning]) {
        self.finished = finished
        self.outcome = outcome
        self.failure = failure.map(DisplayedURL.scrubbed)
        self.warnings = warnings.map { warning in
            var scrubbed = warning
            scrubbed.message = DisplayedURL.scrubbed(warning.message)
            return scrubbed
        }
    }

    /// The record of `report`, ended now.
    /// - Parameters:
    ///   - covered: the specs of the selections the run covered; nil for every selection. The
    ///     warnings `previous` holds for the other selections are kept.
    public init(_ report: UpdateReport, covered: Set<String>? = nil, previous: LastRunRecord?, finished: Date = Date())
    {
        let kept = covered.map { covered in
            (previous?.warnings ?? []).filter { warning in
                warning.selection.map { !covered.contains($0) } ?? false
            }
        }
        self.init(
            finished: RFC3339.string(from: finished), outcome: report.outcome, warnings: report.warnings + (kept ?? []))
    }

    /// The record of a run that failed outright with `error`, ended now: it learned nothing about
    /// the selections, so the warnings of `previous` are kept.
    public init(_ error: UpdateError, previous: LastRunRecord?, finished: Date = Date()) {
        self.init(
            finished: RFC3339.string(from: finished), outcome: "failed", failure: error.message,
            warnings: previous?.warnings ?? [])
    }

    /// The record in `store`; nil before the first run (or when it cannot be read).
    public static func read(from store: CatalogStore) -> LastRunRecord? {
        guard let text = try? store.setting(setting) else { return nil }
        return try? JSONDecoder().decode(LastRunRecord.self, from: Data(text.utf8))
    }

    /// Stores the record; a failure only loses what the page shows.
    public func write(to store: CatalogStore) throws {
        try store.setSetting(Self.setting, String(decoding: try JSONEncoder().encode(self), as: UTF8.self))
    }
}
