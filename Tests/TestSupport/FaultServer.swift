public import Foundation

/// The tests' own misbehaving HTTP server (`fault_server.py` beside this file): serves files with
/// byte ranges, and answers errors, cuts, stalls, corrupts or ignores ranges on request, chosen by
/// leading path segments (`/status-500-2/a.iso`, `/cut-65536-1/a.iso`, `/stall-1000-1/a.iso`,
/// `/corrupt/a.iso`, `/norange/a.iso`, `/nolength/a.iso`, `/endless/a.iso`, `/trickle-2048/a.iso`;
/// see the script). Stopped on deinit.
public final class FaultServer: Sendable {
    /// The directory whose files are served.
    public let root: String
    public let port: UInt16
    /// One JSON line per request served.
    public let logPath: String
    private let process: ChildProcess

    /// The script, found next to this source file.
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("fault_server.py").path

    private init(root: String, port: UInt16, logPath: String, process: ChildProcess) {
        self.root = root
        self.port = port
        self.logPath = logPath
        self.process = process
    }

    /// Starts a server for the files in `root` on a free loopback port, its log in `logDirectory`.
    public static func start(root: String, logDirectory: String) async throws -> FaultServer {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try FreePort.next()
            let logPath = logDirectory + "/fault-server-\(port).jsonl"
            let process = try ChildProcess(
                "/usr/bin/python3", [script, "--port", "\(port)", "--root", root, "--log", logPath],
                logDirectory: logDirectory)
            do {
                try await waitUntilReady(process, port: port)
                return FaultServer(root: root, port: port, logPath: logPath, process: process)
            } catch {
                lastError = error  // most likely the port was taken in between: try another
            }
        }
        throw lastError ?? ChildProcessError("fault server did not start")
    }

    /// `http://127.0.0.1:PORT/` + `path` (without a leading slash).
    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(path)")! }

    /// Every request logged so far.
    public func requests() -> [ServedRequest] { ServedRequest.readLog(at: logPath) }

    /// Waits until at least `count` requests are logged, then returns them all.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [ServedRequest] {
        try await Poll.until(timeout: timeout, "\(count) requests in \(logPath)") {
            let requests = self.requests()
            return requests.count >= count ? requests : nil
        }
    }

    static func waitUntilReady(_ process: ChildProcess, port: UInt16) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ChildProcessError("server exited on port \(port): \(process.standardError())")
            }
            if process.standardOutput().contains("listening") {
                try await FreePort.waitUntilListening(port: port, timeout: .seconds(2))
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError("server on port \(port) not ready: \(process.standardError())")
    }
}
