import Common
import Node
import WireTypes

/// Renders the page from the cached views of the store, the swarm, the additions and the fleet,
/// for one session and request (`csrf`, base URL, images page, the error or notice to show).
struct PageRenderer: Sendable {
    let pageData: StoreTrackedValue<Result<PageModel, APIError>>
    let seeding: RecentValue<[String: SeedingFigures]>
    let magnets: (any MagnetIngest)?
    let fleetView: FleetView

    /// What one request sees of the page.
    struct View: Sendable {
        var csrf: String?
        var baseURL: String
        var imagePage: Int
        var error: String?
        var notice: String?
        var draft: FormFields?

        /// True when nothing in it is particular to one session: the page may be shared.
        var isAnonymous: Bool { csrf == nil && error == nil && notice == nil && draft == nil }
    }

    /// The page's HTML for `view`.
    func render(_ view: View) async -> Result<String, APIError> {
        await pageData.value().asyncMap { stored in
            var model = stored
            model.csrf = view.csrf
            model.baseURL = view.baseURL
            model.imagePage = view.imagePage
            model.error = view.error
            model.notice = view.notice
            model.draft = view.draft
            model.seeding = await seeding.value()
            model.additions = await magnets?.additions() ?? []
            model.fleet = await fleetView.fleet()
            return StatusPage(model: model).render()
        }
    }
}

extension Result where Success: Sendable {
    /// `map` with an asynchronous transform.
    func asyncMap<T>(_ transform: (Success) async -> T) async -> Result<T, Failure> {
        switch self {
        case .success(let value): .success(await transform(value))
        case .failure(let error): .failure(error)
        }
    }
}
