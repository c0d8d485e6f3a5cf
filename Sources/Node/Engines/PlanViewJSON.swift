public import Foundation
public import ISOCatalog
import ISOStore
public import WireTypes

/// What the next update run would do, before anything is launched (`GET /api/v1/plan`, the plan
/// page, `update --dry-run` against a daemon): the manifest it rests on, what the manifest offers
/// by family/name/flavor, what each selection resolves to and why, the plan (`fetch`, `delete`,
/// `keep`, `skip`, `unresolved`, each entry with its rule), and `update --dry-run`'s own text and
/// `--json` document, which the command line prints as they are so both always agree.
public struct PlanViewJSON: Encodable, Sendable {
    /// The images of one family/name/flavor in the manifest, best first.
    public struct Offered: Codable, Sendable, Hashable {
        public var family: String
        public var name: String
        public var flavor: String
        /// Each `VERSION[ ARCH]`, best first.
        public var versions: [String]
    }

    /// What one selection resolves to now, and why.
    public struct SelectionPlan: Codable, Sendable, Hashable {
        public var id: Int64?
        public var selection: String
        /// The images it resolves to (`Linux/Ubuntu/Server@24.04.1 [amd64]`), best first per pair.
        public var images: [String]
        /// The rule: how many images match and which wins, or why none does.
        public var why: String
    }

    enum CodingKeys: String, CodingKey { case manifest, offered, selections, text, json }

    /// The plan's fields (`fetch`, `delete`, `keep`, `skip`, `unresolved`) beside the others.
    public func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(manifest, forKey: .manifest)
        try container.encode(offered, forKey: .offered)
        try container.encode(selections, forKey: .selections)
        try container.encode(text, forKey: .text)
        try container.encode(json, forKey: .json)
    }

    public var manifest: ManifestSyncReport
    public var offered: [Offered]
    public var selections: [SelectionPlan]
    public var plan: UpdatePlan
    /// `update --dry-run`'s text.
    public var text: String
    /// `update --dry-run --json`'s document.
    public var json: String

    /// The view of `plan`, made from `inputs` on `sync`'s manifest (from `url`); `json` is the
    /// dry run's document as `encoder` writes it.
    public init(
        plan: UpdatePlan, sync: ManifestSyncResult, inputs: PlannerInputs, url: String?, encoder: JSONEncoder
    ) throws {
        let manifest = sync.manifest ?? Manifest(images: [])
        self.manifest = ManifestSyncReport(result: sync, url: url)
        self.plan = plan
        text = UpdateSummary.plan(plan, manifest: sync)
        json = String(decoding: try encoder.encode(UpdatePlanJSON(plan: plan, manifest: sync, url: url)), as: UTF8.self)
        var groups: [String: [ManifestImage]] = [:]
        for image in manifest.images {
            groups["\(image.family)/\(image.name)/\(image.flavor)", default: []].append(image)
        }
        offered = groups.values.map { images in
            let sorted = images.sorted { Resolver.isBetter($0.identity, than: $1.identity) }
            let first = sorted[0]
            return Offered(
                family: first.family, name: first.name, flavor: first.flavor,
                versions: sorted.map { $0.version.description + ($0.arch.map { " \($0)" } ?? "") })
        }.sorted { ($0.family, $0.name, $0.flavor) < ($1.family, $1.name, $1.flavor) }
        selections = inputs.selections.map { planned in
            let resolution = Resolver.resolve(planned.selection, in: manifest, spec: planned.spec)
            let candidates = manifest.images.filter { planned.selection.matches($0.identity) }.count
            let stored = inputs.storedBySpec[planned.spec]
            let pinned = stored.map { !$0.autoUpdate && $0.selection != planned.selection } ?? false
            let why: String
            if let error = resolution.error {
                why = error.message
            } else {
                let keep =
                    planned.selection.keep > 1 ? ", keeping the best \(planned.selection.keep) per name and flavor" : ""
                why =
                    "\(candidates) image(s) in the manifest fit; the highest version wins\(keep)"
                    + (pinned ? "; auto-update is off, so it stays on the version acquired" : "")
            }
            return SelectionPlan(
                id: stored?.id, selection: planned.spec,
                images: resolution.images.map { $0.identity.description }, why: why)
        }
    }
}
