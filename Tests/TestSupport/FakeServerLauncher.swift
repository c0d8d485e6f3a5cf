import Foundation

/// Starts one of the tests' python fakes (``FakeIMDS``, ``FakeAutoScaling``) on a free loopback
/// port, trying another port when the chosen one was taken in between.
enum FakeServerLauncher {
    /// Writes `script` into `directory` as `fileName`, then for up to five ports: `arguments(port)`
    /// (which may write the port's config and log files) and `python3 SCRIPT --port PORT ARGS…`,
    /// until one listens.
    static func start(
        _ script: String, fileName: String, in directory: TemporaryDirectory,
        arguments: (UInt16) throws -> [String]
    ) async throws -> (port: UInt16, process: ChildProcess) {
        let scriptPath = directory.appending(fileName)
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try FreePort.next()
            let process = try ChildProcess(
                "python3", [scriptPath, "--port", "\(port)"] + (try arguments(port)), logDirectory: directory.path)
            do {
                try await FreePort.waitUntilListening(port: port, timeout: .seconds(10))
                return (port, process)
            } catch {
                lastError = ChildProcessError("\(fileName) did not listen on \(port): \(process.standardError())")
            }
        }
        throw lastError ?? ChildProcessError("\(fileName) did not start")
    }
}
