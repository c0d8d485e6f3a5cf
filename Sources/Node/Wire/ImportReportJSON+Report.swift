import ISOStore
import Repository
import WireTypes

extension ImportReportJSON {
    /// `import --json` for `report` (of a local or a remote import).
    init(_ report: ImportReport) {
        self.init(
            imported: report.imported.map {
                ImageJSON(
                    $0.image,
                    extra: ["from": .text($0.from), "outcome": .text($0.outcome.rawValue), "note": .text($0.note)])
            },
            skipped: report.skipped.map { ImportReportJSON.Issue(from: $0.from, reason: $0.reason) },
            failed: report.failed.map { ImportReportJSON.Issue(from: $0.from, reason: $0.reason) })
    }
}
