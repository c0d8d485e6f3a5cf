import Foundation
import Repository
import WireTypes

extension MirrorRecord {
    /// Takes in how a sync ended at `date`.
    mutating func apply(_ report: MirrorSyncReport, at date: Date) {
        progress = nil
        lastAttempt = date
        failures = report.failures.map { MirrorFailureJSON(path: $0.path, reason: $0.reason) }
        leasedBy = nil
        leasedUntil = nil
        reason = nil
        switch report.outcome {
        case .leased(let holder, let until):
            outcome = .leased
            leasedBy = holder
            leasedUntil = until
        case .failed(let why):
            outcome = .failing
            reason = why
            if !report.holds.isEmpty { holds = report.holds }
        case .synced:
            holds = report.holds
            outcome = report.isInSync ? .inSync : .failing
            if report.isInSync { lastSync = date }
        }
    }
}
