public import Foundation

/// nginx on loopback as an HTTP origin: serves a directory with byte ranges, ETags and
/// Last-Modified, logs every request as JSON (range asked, status, bytes sent), optionally with a
/// `limit_rate` or TLS. Runs in the foreground (`daemon off; master_process off`) with everything
/// (config, pid, logs, temp paths) in its own directory; stopped on deinit.
public final class NginxOrigin: Sendable {
    /// A certificate and key for `listen … ssl`.
    public struct TLS: Sendable {
        public let certificatePath: String
        public let keyPath: String
        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// The directory served at `/`.
    public let root: String
    /// The address it listens on (127.0.0.1, or a lab host's address).
    public let host: String
    public let port: UInt16
    /// Where the config, logs and temp files live.
    public let directory: String
    public let accessLogPath: String
    public let errorLogPath: String
    private let scheme: String
    private let process: ChildProcess

    init(
        root: String, host: String = "127.0.0.1", port: UInt16, directory: String, scheme: String, process: ChildProcess
    ) {
        self.root = root
        self.host = host
        self.port = port
        self.directory = directory
        self.scheme = scheme
        self.process = process
        accessLogPath = directory + "/access.log"
        errorLogPath = directory + "/error.log"
    }

    /// Starts nginx serving `root` on a free port of 127.0.0.1, with its files in `directory`.
    ///
    /// - Parameters:
    ///   - limitRate: bytes per second per connection (`limit_rate`), nil for unlimited.
    ///   - serverConfig: extra directives inside the `server` block (locations, redirects).
    public static func start(
        root: String, directory: String, limitRate: Int? = nil, tls: TLS? = nil, serverConfig: String = ""
    ) async throws -> NginxOrigin {
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try FreePort.next()
            let configPath = directory + "/nginx.conf"
            try configuration(
                root: root, directory: directory, port: port, limitRate: limitRate, tls: tls,
                serverConfig: serverConfig
            ).write(toFile: configPath, atomically: true, encoding: .utf8)
            let process = try ChildProcess(
                "/usr/sbin/nginx", ["-p", directory + "/", "-e", directory + "/error.log", "-c", configPath],
                logDirectory: directory)
            do {
                try await waitUntilListening(process, port: port)
                return NginxOrigin(
                    root: root, port: port, directory: directory, scheme: tls == nil ? "http" : "https",
                    process: process)
            } catch {
                lastError = error  // most likely the port was taken in between: try another
            }
        }
        throw lastError ?? ChildProcessError("nginx did not start")
    }

    /// `http(s)://HOST:PORT/` + `path` (without a leading slash).
    public func url(_ path: String) -> URL { URL(string: "\(scheme)://\(host):\(port)/\(path)")! }

    /// Every request in the access log so far (nginx logs a request once its response is done).
    public func requests() -> [ServedRequest] { ServedRequest.readLog(at: accessLogPath) }

    /// The requests for `path` (with a leading slash), in order.
    public func requests(for path: String) -> [ServedRequest] { requests().filter { $0.path == path } }

    /// Body bytes nginx handed to the socket for `path` over all requests.
    public func bodyBytesServed(for path: String) -> Int64 { requests(for: path).reduce(0) { $0 + $1.bodyBytesSent } }

    /// Waits until the access log holds at least `count` requests, then returns them all.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [ServedRequest] {
        try await Poll.until(timeout: timeout, "\(count) requests in \(accessLogPath)") {
            let requests = self.requests()
            return requests.count >= count ? requests : nil
        }
    }

    /// What nginx wrote to its error log.
    public func errorLog() -> String { (try? String(contentsOfFile: errorLogPath, encoding: .utf8)) ?? "" }

    private static func waitUntilListening(_ process: ChildProcess, port: UInt16) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ChildProcessError("nginx exited on port \(port): \(process.standardError())")
            }
            if (try? await FreePort.waitUntilListening(port: port, timeout: .milliseconds(100))) != nil {
                // Still ours? A port stolen in between would have made nginx exit.
                try await Task.sleep(for: .milliseconds(30))
                if process.isRunning { return }
            }
        }
        throw ChildProcessError("nginx not listening on \(port)")
    }

    static func configuration(
        root: String, directory: String, host: String = "127.0.0.1", port: UInt16, limitRate: Int?, tls: TLS?,
        serverConfig: String
    ) -> String {
        let listen = tls == nil ? "\(host):\(port)" : "\(host):\(port) ssl"
        let tlsLines =
            tls.map { "ssl_certificate \($0.certificatePath);\n        ssl_certificate_key \($0.keyPath);" } ?? ""
        let temp = directory + "/tmp"
        // One foreground process (no master, no workers to drop privileges to), so no `user`
        // directive: it runs as whoever runs the tests, root included.
        return """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log info;
            events { worker_connections 256; }
            http {
                default_type application/octet-stream;
                types { application/json json; }
                log_format isofleet escape=json '{"request":"$request","method":"$request_method",'
                    '"path":"$uri","range":"$http_range","status":$status,"bytes_sent":$bytes_sent,'
                    '"body_bytes_sent":$body_bytes_sent,"user_agent":"$http_user_agent",'
                    '"remote_addr":"$remote_addr","connection":$connection}';
                access_log \(directory)/access.log isofleet;
                client_body_temp_path \(temp)/client_body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
                sendfile on;
                tcp_nopush on;
                keepalive_timeout 5;
                server {
                    listen \(listen);
                    root \(root);
                    \(limitRate.map { "limit_rate \($0);" } ?? "")
                    \(tlsLines)
                    \(serverConfig)
                }
            }
            """
    }
}
