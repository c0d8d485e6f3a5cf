import Acquisition
public import ISOCatalog
import WireTypes

/// `update --json`: `{"manifest": {…}, "fetched": [{identity…, "path", "size", "sha256", "verified",
/// "source_kind", "source", "bytes_from_origin", "bytes_from_swarm", "resumed_from", "notes"}],
/// "failed": [{identity…, "path", "reason"}], "deleted": [...], "deletion_failures": [...],
/// "kept": [...], "skipped": [...], "outcome": "succeeded" | "succeeded with warnings" | "partial",
/// "warnings": [{"selection", "kind", "path", "message"}]}` (``UpdateWarning``).
public struct UpdateReportJSON: Encodable {
    public let report: UpdateReport
    public let url: String?

    public init(report: UpdateReport, url: String?) {
        self.report = report
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case manifest, fetched, failed, deleted, kept, skipped, outcome, warnings
        case deletionFailures = "deletion_failures"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ManifestSyncReport(result: report.manifest, url: url), forKey: .manifest)
        try container.encode(report.fetched.map(FetchedImageJSON.init), forKey: .fetched)
        try container.encode(report.failed.map(FailedFetchJSON.init), forKey: .failed)
        try container.encode(report.deleted, forKey: .deleted)
        try container.encode(report.deletionFailures, forKey: .deletionFailures)
        try container.encode(report.kept, forKey: .kept)
        try container.encode(report.skipped, forKey: .skipped)
        try container.encode(report.outcome, forKey: .outcome)
        try container.encode(report.warnings, forKey: .warnings)
    }
}

/// `update --dry-run --json`: the plan (`fetch`, `delete`, `keep`, `skip`, `unresolved`) plus the
/// manifest it rests on.
public struct UpdatePlanJSON: Encodable {
    public let plan: UpdatePlan
    public let manifest: ManifestSyncResult
    public let url: String?

    public init(plan: UpdatePlan, manifest: ManifestSyncResult, url: String?) {
        self.plan = plan
        self.manifest = manifest
        self.url = url
    }

    enum CodingKeys: String, CodingKey { case manifest }

    public func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ManifestSyncReport(result: manifest, url: url), forKey: .manifest)
    }
}

private struct FetchedImageJSON: Encodable {
    let fetched: FetchedImage

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try IdentityJSON(identity: fetched.identity).encodeFields(into: &container)
        try container.encode(fetched.path, forKey: AnyKey("path"))
        try container.encode(fetched.size, forKey: AnyKey("size"))
        try container.encode(fetched.sha256, forKey: AnyKey("sha256"))
        try container.encode(fetched.verified, forKey: AnyKey("verified"))
        try container.encode(fetched.kind.rawValue, forKey: AnyKey("source_kind"))
        try container.encode(fetched.source, forKey: AnyKey("source"))
        try container.encode(fetched.bytesFromOrigin, forKey: AnyKey("bytes_from_origin"))
        try container.encode(fetched.bytesFromSwarm, forKey: AnyKey("bytes_from_swarm"))
        try container.encode(fetched.resumedFromBytes, forKey: AnyKey("resumed_from"))
        try container.encode(fetched.notes, forKey: AnyKey("notes"))
    }
}

private struct FailedFetchJSON: Encodable {
    let failed: FailedFetch

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try IdentityJSON(identity: failed.identity).encodeFields(into: &container)
        try container.encode(failed.path, forKey: AnyKey("path"))
        try container.encode(failed.reason, forKey: AnyKey("reason"))
    }
}
