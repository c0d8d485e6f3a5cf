import Node

/// The `isofleet serve` holding this command's data directory (``DaemonConnection``), its
/// refusals as the command's errors: 400 exit 2, anything else exit 1.
struct RunningDaemon {
    let connection: DaemonConnection

    /// `http://host:port` of the daemon.
    var url: String { connection.url }

    /// The daemon holding `global`'s data directory, or nil when none does.
    static func find(_ global: GlobalOptions) throws -> RunningDaemon? {
        guard DaemonConnection.isRunning(inDataDirectory: global.dataDirectoryPath()) else { return nil }
        return DaemonConnection.find(site: try global.site()).map(RunningDaemon.init)
    }

    /// Sends `method path` (with `body` as JSON) and decodes the 2xx answer as `T`.
    func call<T: Decodable>(
        _ method: String, _ path: String, body: (any Encodable & Sendable)? = nil, as type: T.Type
    ) throws -> T {
        try request { () throws(RequestError) in try connection.call(method, path, body: body, as: type) }
    }
}
