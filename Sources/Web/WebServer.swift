import Common
import Foundation
public import Hummingbird
import HummingbirdCore
import ISOStore
public import Logging
import NIOCore
public import Node
import WireTypes

/// The node's HTTP face (design §9): the status and admin page, the JSON API, `/healthz`,
/// `/metrics`, `/manifest.json`, `/torrents/…` and `/files/…`.
///
/// Routes live in extensions by concern (`WebServer+API.swift`, `WebServer+Files.swift`, …);
/// ``application(onServerRunning:)`` wraps them in a Hummingbird application, itself a `Service`
/// for the daemon's `ServiceGroup`.
public struct WebServer: Sendable {
    public let environment: NodeEnvironment
    public let settings: WebSettings
    public let auth: AdminAuth
    public let logger: Logger
    /// The fleet and what its peers hold (`GET /api/v1/fleet`, the page's fleet section).
    let fleetView: FleetView
    /// The swarm's upload figures of every seeded image, at most a second old: asking the session
    /// about each of 1,000 torrents on every request would serialize busy pages on it.
    let seeding: RecentValue<[String: SeedingFigures]>
    /// What the page shows from the store (images in page order, status, selections, choices), kept
    /// while the store's change counter holds still (``StoreTrackedValue``): with 1,000 images,
    /// reading and ordering them is most of a page's cost, and any commit (daemon, CLI, peer) makes
    /// the next request read again.
    let pageData: StoreTrackedValue<Result<PageModel, APIError>>
    /// `GET /api/v1/images`'s body by base URL, kept like ``pageData`` (its seeding figures at most
    /// a second old): encoding 1,000 images costs far more than sending them. A `ByteBuffer` shares
    /// its storage, so every response sends the same bytes without copying them. The base URL may
    /// come from the `Host` a client sends: at most four are kept.
    let imagesBodies: BoundedRecentValues<String, Result<ByteBuffer, APIError>>
    /// Renders the page for one request.
    let renderer: PageRenderer
    /// The scans and imports started from the page and the API (`GET /api/v1/jobs`).
    let jobs = RepositoryJobs()
    /// The page as anyone not signed in sees it, by images page (clamped to the pages there are),
    /// kept like ``pageData`` (its live figures at most a second old), eight pages at most: reading is open, so
    /// most loads share one rendering, and no sequence of requests grows it.
    let anonymousPages: BoundedRecentValues<Int, Result<String, APIError>>

    public init(environment: NodeEnvironment, settings: WebSettings, adminToken: String, logger: Logger) {
        self.environment = environment
        self.settings = settings
        self.auth = AdminAuth(token: adminToken, drain: environment.engines.drain, logger: logger)
        self.logger = logger
        let membership =
            environment.engines.fleet
            ?? StaticFleetMembership(peers: environment.configuration.list(.fleetPeers))
        fleetView = FleetView(membership: membership, webPort: UInt16(clamping: settings.fleetWebPort))
        seeding = RecentValue(lifetime: .seconds(1)) { [torrents = environment.engines.torrents] in
            await torrents?.seedingFigures() ?? [:]
        }
        let store = environment.store
        let changeCounter: @Sendable () -> UInt64 = { store.changeCounter() }
        imagesBodies = BoundedRecentValues(lifetime: .seconds(1), capacity: 4, changeCounter: changeCounter) {
            [environment, seeding] base in
            let images: Result<[ImageJSON], APIError>
            do throws(RequestError) { images = .success(try await environment.imagesOffPool()) } catch {
                images = .failure(APIError(error))
            }
            let figures = await seeding.value()
            return images.flatMap { images in
                let json = images.map { image in
                    var image = image
                    image.url = image.state == "present" ? base + Self.filesURLPath(image.path) : nil
                    image.seeding = figures[image.path]
                    return image
                }
                do { return .success(ByteBuffer(bytes: try JSONBody.encoder.encode(json) + Data("\n".utf8))) } catch {
                    return .failure(APIError(.internalServerError, "cannot encode the images: \(error)"))
                }
            }
        }
        pageData = StoreTrackedValue(lifetime: .seconds(1), changeCounter: changeCounter) { [environment] in
            // The store's reads block: off the cooperative pool, so busy pages do not starve the rest.
            await OffPool.run("isofleet-web-store") {
                // Read before the store is: a commit after this shows as a newer counter to the page's script.
                let change = environment.store.changeCounter()
                do {
                    var model = try PageModel.load(environment: environment, csrf: nil, baseURL: "")
                    model.change = change
                    return .success(model)
                } catch {
                    return .failure(APIError(.internalServerError, "cannot read the catalog: \(error)"))
                }
            }
        }
        let renderer = PageRenderer(
            pageData: pageData, seeding: seeding, magnets: environment.engines.magnets, fleetView: fleetView)
        self.renderer = renderer
        anonymousPages = BoundedRecentValues(lifetime: .seconds(1), capacity: 8, changeCounter: changeCounter) {
            [settings] page in
            await renderer.render(.init(baseURL: settings.configuredBaseURL, imagePage: page))
        }
    }

    /// Every route, behind the security headers and the request log.
    public func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestLogMiddleware(logger: logger))
        addHealthRoutes(to: router)
        addFileRoutes(to: router)
        addAPIRoutes(to: router)
        addActionRoutes(to: router)
        addChangeRoutes(to: router)
        addPageRoutes(to: router)
        return router
    }

    /// The server listening on ``WebSettings/host``:``WebSettings/port``.
    /// - Parameter onServerRunning: called once the socket is bound (the daemon then publishes
    ///   `serve.json`).
    public func application(
        onServerRunning: @escaping @Sendable () async -> Void = {}
    ) -> some ApplicationProtocol {
        var limits = settings.limits
        let descriptors = ConnectionLimits.descriptorLimit()
        if let descriptors, limits.maxConnections > descriptors / 2 {
            // Connections past the descriptor limit would fail every accept and starve the rest.
            logger.warning(
                "web.max_connections \(limits.maxConnections) lowered to \(max(16, descriptors / 2)), half the descriptor limit \(descriptors) (ulimit -n)"
            )
            limits.maxConnections = max(16, descriptors / 2)
        }
        let perClient = ClientConnectionCounts(limit: limits.maxConnectionsPerClient)
        let (bodyTimeout, sendTimeout, lingerTime) = (limits.bodyTimeout, limits.sendTimeout, limits.lingerTime)
        return Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        ClientConnectionLimit(counts: perClient),
                        SlowClientDeadlines(
                            bodyTimeout: TimeAmount(bodyTimeout), sendTimeout: TimeAmount(sendTimeout)),
                        EarlyAnswerDrain(lingerTime: TimeAmount(lingerTime)),
                    ],
                    idleTimeout: TimeAmount(limits.idleTimeout))),
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "isofleet",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { _ in await onServerRunning() },
            logger: logger)
    }
}
