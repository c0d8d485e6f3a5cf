import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Logging
import Node
import Repository
import TestSupport
import Testing

@testable import Web

/// A node in a temporary data directory with two held images (found by a scan), its web server
/// with the admin token `test-token`, and helpers to call it through Hummingbird's router tester.
struct WebFixture {
    static let token = "test-token"
    static let ubuntuPath = "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso"
    static let debianPath = "Linux/Debian - Netinst/debian.netinst-12.5.0.iso"
    static let ubuntuSize = 100_000

    let directory: TemporaryDirectory
    let environment: NodeEnvironment
    let server: WebServer

    var dataDirectory: DataDirectory { environment.dataDirectory }
    var repository: Repository { environment.repository }
    var store: CatalogStore { environment.store }

    init(
        configuration overrides: [ConfigurationKey: String] = [:], engines: NodeEngines = .none,
        logHandler: (any LogHandler)? = nil
    ) throws {
        directory = try TemporaryDirectory(prefix: "web")
        let dataDirectory = DataDirectory(directory.appending("data"))
        try dataDirectory.create()
        let repository = Repository(root: dataDirectory.defaultRepository)
        try repository.create()
        try ImageGenerator.write(to: repository.absolutePath(of: Self.ubuntuPath), seed: 1, size: Self.ubuntuSize)
        try ImageGenerator.write(to: repository.absolutePath(of: Self.debianPath), seed: 2, size: 50_000)
        let store = try CatalogStore(databasePath: dataDirectory.database, inventoryPath: dataDirectory.inventory)
        _ = try RepositoryScanner(repository: repository, store: store).scan()
        // The tests add files from `incoming/`: the daemon reads only inside import.roots (issue 15, item 9).
        var overrides = overrides
        if overrides[.importRoots] == nil { overrides[.importRoots] = directory.appending("incoming") }
        let configuration = try Configuration(file: nil, environment: [:], overrides: overrides)
        environment = NodeEnvironment(
            site: try NodeSite(configuration: configuration, dataDirectory: dataDirectory), store: store,
            engines: engines)
        var logger =
            logHandler.map { handler in Logger(label: "web-test") { _ in handler } } ?? Logger(label: "web-test")
        if logHandler == nil { logger.logLevel = .critical }
        server = WebServer(
            environment: environment, settings: try WebSettings(configuration: configuration),
            adminToken: Self.token, logger: logger)
    }

    /// Runs `body` against the router (no socket).
    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await server.application().test(.router) { client in try await body(client) }
    }

    /// The bytes of a held image file.
    func bytes(of path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: repository.absolutePath(of: path)))
    }

    static var bearer: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// `{"error": "…"}`'s message, or nil.
    var errorMessage: String? {
        ((try? json()) as? [String: Any])?["error"] as? String
    }
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}
