public import Common
import Foundation
import ISOCatalog
import ISOStore
import Repository

/// The repository's layout seen and changed at run time (`isofleet layout show|set`,
/// `GET|POST /api/v1/layout`, the page's layout form): a preview of every held image's path under
/// a template, then the moves (``LayoutMover``).
extension NodeEnvironment {
    var layoutMover: LayoutMover {
        LayoutMover(repository: repository, store: store, journalPath: dataDirectory.layoutJournal)
    }

    /// Where the template in force comes from: `store`, `configuration` or `default`.
    public var layoutSource: String {
        if (try? store.setting(LayoutMover.settingKey)) != nil { return "store" }
        let configured = configuration[.repositoryLayout]
        return configured == nil || configured == Layout.defaultTemplate ? "default" : "configuration"
    }

    /// Where each held image would go under `template` (the template in force when nil), changing
    /// nothing: for the template in force, the moves are the images not at their layout path.
    /// - Throws: `invalidInput` naming the template's fault.
    public func previewLayout(_ template: String?) throws(RequestError) -> LayoutPlanJSON {
        let layout = try template.map(Self.layout(from:)) ?? repository.layout
        let plan: LayoutChangePlan
        do { plan = try layoutMover.plan(for: layout) } catch { throw RequestError(error) }
        return json(plan, applied: false, recovered: nil)
    }

    /// Moves every held image to its path under `template`, then places new images by it, here and
    /// in every later process (the store's `repository.layout` setting overrides the configuration).
    /// An interrupted change is finished first.
    /// - Throws: `invalidInput` for a bad template; `conflict` when two images would share a path,
    ///   a target is taken or an update run holds the repository (nothing moved); `failure` when a
    ///   move failed (the moves made are undone).
    public func changeLayout(_ template: String) throws(RequestError) -> LayoutPlanJSON {
        let layout = try Self.layout(from: template)
        let lock: UpdateRunLock?
        do { lock = try UpdateRunLock(path: dataDirectory.root + "/update.lock") } catch {
            throw RequestError(.failure, error.message)
        }
        guard let lock else {
            throw RequestError(
                .conflict, "an update run holds the repository (update.lock): change the layout when it has finished")
        }
        defer { lock.unlock() }
        do {
            let recovered = try layoutMover.recover()
            let plan = try layoutMover.plan(for: layout)
            try layoutMover.apply(plan)
            return json(plan, applied: true, recovered: recovered)
        } catch {
            throw RequestError(error)
        }
    }

    private static func layout(from template: String) throws(RequestError) -> Layout {
        do { return try Layout(template: template.trimmingCharacters(in: .whitespaces)) } catch {
            throw RequestError(.invalidInput, error.message)
        }
    }

    private func json(_ plan: LayoutChangePlan, applied: Bool, recovered: Int?) -> LayoutPlanJSON {
        LayoutPlanJSON(
            template: plan.template, current: repository.layout.template, source: layoutSource,
            possible: plan.isPossible, refusals: plan.refusals,
            moves: plan.moves.map { .init(image: $0.identity.description, from: $0.from, to: $0.to) },
            unchanged: plan.unchanged.count, missing: plan.missing, applied: applied, recovered: recovered)
    }
}
