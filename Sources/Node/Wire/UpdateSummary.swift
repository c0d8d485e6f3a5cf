public import ISOCatalog

/// The human text of `update` and `update --dry-run`. It lives in the node because the daemon
/// serves it (`GET /api/v1/update/report`), so `update` prints the same with and without a daemon.
public enum UpdateSummary {
    public static func plan(_ plan: UpdatePlan, manifest: ManifestSyncResult) -> String {
        var lines = [manifestLine(manifest)]
        func section(_ title: String, _ rows: [(ImageIdentity, String, String)]) {
            lines.append("\(title) (\(rows.count)):")
            for (identity, path, detail) in rows { lines.append("  \(identity)  \(path)  \(detail)") }
        }
        section(
            "fetch",
            plan.fetch.map {
                ($0.identity, $0.path, "from \($0.source.rawValue) for \($0.selections.joined(separator: ", "))")
            })
        section("delete", plan.delete.map { ($0.identity, $0.path, $0.reason) })
        section("keep", plan.keep.map { ($0.identity, $0.path, $0.reason) })
        if !plan.skip.isEmpty { section("skip", plan.skip.map { ($0.identity, $0.path, $0.reason) }) }
        for unresolved in plan.unresolved { lines.append("unresolved: \(unresolved)") }
        return lines.joined(separator: "\n")
    }

    public static func report(_ report: UpdateReport) -> String {
        var lines = [
            manifestLine(report.manifest),
            "fetched \(report.fetched.count), deleted \(report.deleted.count), kept \(report.kept.count), "
                + "failed \(report.failed.count + report.deletionFailures.count)",
        ]
        for fetched in report.fetched { lines.append("  fetched  \(fetched.path)") }
        for deleted in report.deleted { lines.append("  deleted  \(deleted.path)  \(deleted.reason)") }
        for failed in report.failed { lines.append("  failed   \(failed.path)  \(failed.reason)") }
        for failed in report.deletionFailures { lines.append("  not deleted  \(failed.path)  \(failed.reason)") }
        for skipped in report.skipped { lines.append("  skipped  \(skipped.identity)  \(skipped.reason)") }
        lines += warningLines(report.warnings)
        lines.append("outcome: \(report.outcome)")
        return lines.joined(separator: "\n")
    }

    /// `warnings (N):` then one `  warning  SPEC: message` line each; nothing without warnings.
    public static func warningLines(_ warnings: [UpdateWarning]) -> [String] {
        guard !warnings.isEmpty else { return [] }
        return ["warnings (\(warnings.count)):"]
            + warnings.map { "  warning  \($0.selection.map { "\($0): " } ?? "")\($0.message)" }
    }

    private static func manifestLine(_ result: ManifestSyncResult) -> String {
        let count = result.manifest.map { "\($0.images.count) image(s)" } ?? "none"
        let state = result.isCurrent ? "current" : "NOT current: nothing will be deleted"
        let failure = result.failure.map { " (\($0.message))" } ?? ""
        return "manifest: \(result.outcomeName), \(count), \(state)\(failure)"
    }
}
