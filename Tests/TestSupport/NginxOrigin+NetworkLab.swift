import Foundation

extension NginxOrigin {
    /// Starts nginx inside a ``NetworkLab`` host, serving `root` on `HOST_ADDRESS:port`, with the
    /// same configuration and JSON access log as on loopback (each line names the client by
    /// `remote_addr`, so bytes can be counted per lab host). Stopped when the value is dropped or
    /// the lab is torn down.
    public static func start(
        in lab: NetworkLab, host: LabHost, port: UInt16 = 80, root: String, directory: String, limitRate: Int? = nil
    ) async throws -> NginxOrigin {
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        let configPath = directory + "/nginx.conf"
        try configuration(
            root: root, directory: directory, host: host.address, port: port, limitRate: limitRate, tls: nil,
            serverConfig: ""
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let process = try lab.run(
            in: host, "/usr/sbin/nginx", ["-p", directory + "/", "-e", directory + "/error.log", "-c", configPath])
        do {
            try await lab.waitUntilListening(host, port: port)
        } catch {
            throw ChildProcessError("nginx in \(host.namespace) did not start: \(error); \(process.standardError())")
        }
        return NginxOrigin(
            root: root, host: host.address, port: port, directory: directory, scheme: "http", process: process)
    }

    /// Body bytes nginx sent for `path` to the client at `address`.
    public func bodyBytesServed(for path: String, to address: String) -> Int64 {
        requests(for: path).filter { $0.clientAddress == address }.reduce(0) { $0 + $1.bodyBytesSent }
    }
}
