public import Common
import Foundation
import HTTPTypes
import Hummingbird
public import Node

/// Where the web server listens and how it names itself to other nodes (`web.listen`,
/// `web.public_url`).
public struct WebSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// `web.public_url` without a trailing slash, when configured.
    public var publicURL: String?
    /// `fleet.web_port`: the port the fleet peers' web servers listen on (the fleet view).
    public var fleetWebPort: Int
    /// The bounds a connection lives within (`web.idle_timeout`, `web.body_timeout`,
    /// `web.max_connections`, `web.max_connections_per_client`).
    public var limits: ConnectionLimits

    public init(
        host: String, port: Int, publicURL: String? = nil, fleetWebPort: Int = 8080,
        limits: ConnectionLimits = ConnectionLimits()
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.fleetWebPort = fleetWebPort
        self.limits = limits
    }

    /// Reads `web.listen` (`host:port`, `[v6]:port`), `web.public_url`, `fleet.web_port` and the
    /// connection limits (``ConnectionLimits``).
    /// - Throws: ``DaemonError`` `invalidInput` naming the key and value.
    public init(configuration: Configuration) throws(DaemonError) {
        let listen = configuration[.webListen] ?? "127.0.0.1:8080"
        // `:8080` listens on every address.
        guard let endpoint = HostPort(parsing: listen.hasPrefix(":") ? "0.0.0.0" + listen : listen) else {
            throw DaemonError(.invalidInput, "web.listen: '\(listen)' is not host:port")
        }
        let (host, port) = (endpoint.host, Int(endpoint.port))
        var publicURL = configuration[.webPublicURL]
        if let url = publicURL {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
            else {
                throw DaemonError(.invalidInput, "web.public_url: '\(url)' is not an http(s) URL")
            }
            publicURL = url
        }
        let webPort = configuration[.fleetWebPort] ?? "8080"
        guard let fleetWebPort = Int(webPort), (1...65535).contains(fleetWebPort) else {
            throw DaemonError(.invalidInput, "fleet.web_port: '\(webPort)' is not a port number")
        }
        self.init(
            host: host, port: port, publicURL: publicURL, fleetWebPort: fleetWebPort,
            limits: try ConnectionLimits(configuration: configuration))
    }

    /// `Host`, when a client sends it as a field instead of the authority.
    static let hostHeader = HTTPField.Name("Host")!

    /// True when the server listens on every address (`0.0.0.0`, `::`).
    var listensEverywhere: Bool { host == "0.0.0.0" || host == "::" }

    /// `http://host:port` of the listen address, the host bracketed when IPv6.
    public var listenURL: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }

    /// The URL a local client (the CLI) uses: the listen address, loopback when it is every address.
    public var localURL: String {
        listensEverywhere ? "http://127.0.0.1:\(port)" : listenURL
    }

    /// `web.public_url`, else the listen address: the base the page shows to anyone not signed in
    /// (a shared rendering, never one client's `Host`).
    var configuredBaseURL: String { publicURL ?? listenURL }

    /// The absolute base other nodes use to reach this one (design §3): `web.public_url`, else the
    /// listen address, else (listening on every address) the request's `Host` header.
    func baseURL(for request: Request) -> String {
        if let publicURL { return publicURL }
        if listensEverywhere, let host = request.head.authority ?? request.headers[Self.hostHeader], !host.isEmpty {
            return "http://\(host)"
        }
        return listenURL
    }
}
