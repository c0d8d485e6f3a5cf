import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// What the status page shows, gathered from the store in one go.
struct PageModel: Sendable {
    /// Every image, in the page's order (``StatusPage/ordered(_:)``).
    var images: [ImageJSON]
    var selections: [SelectionJSON]
    var status: NodeStatus
    var manifestInterval: String
    /// Families, names, flavors and version components offered by the selection form: from the
    /// cached manifest and the held images.
    var choices: Choices
    /// The logged-in session's CSRF token; nil when not logged in.
    var csrf: String?
    /// What the engines of this build can do.
    var canUpdate: Bool
    var canAddMagnet: Bool
    /// An error to show at the top (a refused form), already plain text.
    var error: String?
    /// A short confirmation to show at the top.
    var notice: String?
    /// `http://…` base of this node's URLs.
    var baseURL: String
    /// The fields of a refused form, shown again so the operator can correct them.
    var draft: FormFields?
    /// What the swarm does with each seeded image, by path (empty without a swarm).
    var seeding: [String: SeedingFigures] = [:]
    /// The sources being added or added in this daemon's life, newest first.
    var additions: [AdditionStatus] = []
    /// The fleet's peers and what they hold; nil before it is asked.
    var fleet: FleetJSON?
    /// Which page of the held images to show, from 1 (`/?images_page=N`).
    var imagePage = 1
    /// The store's change counter read before the store was (`<body data-change>`): the page's
    /// script swaps its live sections in once `GET /api/v1/changes` answers another value.
    var change: UInt64 = 0
    /// How the last update run ended (daemon or CLI), with its warnings per selection.
    var lastRun: LastRunRecord?
    /// Selections (`SPEC[ arch=A]`) that nothing in the cached manifest matches today, with why.
    var unmatched: [(selection: String, warning: String)] = []
    /// Files scan and import could not classify (``StatusPage/unclassifiedSection()``).
    var unclassified: [UnclassifiedFileJSON] = []
    /// The mirrors of `storage.mirrors` and where each stands (``StatusPage/storageSection()``).
    var storage = StorageJSON(mirrors: [])

    struct Choices: Sendable {
        var families: [String] = []
        var names: [String] = []
        var flavors: [String] = []
        var majors: [String] = []
        var minors: [String] = []
        var patches: [String] = []
        /// The version parts by `family/name` and `family/` (``VersionHints``).
        var versionHints: [String: VersionHints] = [:] {
            didSet { versionHintsJSON = VersionHints.json(versionHints) }
        }
        /// ``versionHints`` as the selection form's `data-version-hints`: encoded once per model,
        /// not on every render.
        private(set) var versionHintsJSON = "{}"

        init(
            families: [String] = [], names: [String] = [], flavors: [String] = [], majors: [String] = [],
            minors: [String] = [], patches: [String] = [], versionHints: [String: VersionHints] = [:]
        ) {
            self.families = families
            self.names = names
            self.flavors = flavors
            self.majors = majors
            self.minors = minors
            self.patches = patches
            self.versionHints = versionHints
            versionHintsJSON = VersionHints.json(versionHints)
        }
    }

    /// Reads everything the page needs.
    static func load(environment: NodeEnvironment, csrf: String?, baseURL: String) throws(RequestError) -> PageModel {
        let images = try environment.images()
        // The manifest's identities from its parse cached by the environment (ManifestFacts).
        let manifestSummary: ManifestFacts.Summary?
        do { manifestSummary = try environment.manifestFacts.read(from: environment.store)?.summary } catch {
            throw RequestError(.failure, error.description)
        }
        let offered = manifestSummary?.identities ?? []
        let identities = images.map(\.identity) + offered
        func sorted(_ values: [String]) -> [String] {
            Array(Set(values)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        }
        let choices = Choices(
            families: sorted(identities.map(\.family)), names: sorted(identities.map(\.name)),
            flavors: sorted(identities.map(\.flavor)), majors: sorted(identities.map(\.version.major)),
            minors: sorted(identities.compactMap(\.version.minor)),
            patches: sorted(identities.compactMap(\.version.patch)), versionHints: VersionHints.byName(identities))
        var model = PageModel(
            images: StatusPage.ordered(images), selections: try environment.selections(),
            status: try environment.status(),
            manifestInterval: try environment.currentSettings().manifestInterval ?? "", choices: choices, csrf: csrf,
            canUpdate: environment.engines.updates != nil, canAddMagnet: environment.engines.magnets != nil,
            error: nil, notice: nil, baseURL: baseURL, draft: nil)
        model.unclassified = try environment.unclassifiedFiles()
        model.storage = try environment.storage()
        model.lastRun = LastRunRecord.read(from: environment.store)
        model.unmatched = model.selections.compactMap { stored in
            guard let selection = try? Selection(parsing: stored.selection, arch: stored.arch, keep: stored.keep),
                let warning = NodeEnvironment.unmatchedWarning(for: selection, in: manifestSummary)
            else { return nil }
            return (stored.described, warning)
        }
        return model
    }
}
