public import Foundation

/// A program the tests start (nginx, transmission-daemon, aria2c, the isofleet binary), with its
/// output captured to files and the process killed when the value is dropped.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is only mutated in init and terminated through its own thread-safe API.
    private let process: Process
    /// Where stdout and stderr go.
    public let stdoutPath: String
    public let stderrPath: String

    /// Starts `executable` with `arguments`. Output goes to `logDirectory/NAME.out|.err`.
    public init(
        _ executable: String, _ arguments: [String], logDirectory: String,
        environment: [String: String]? = nil, workingDirectory: String? = nil
    ) throws {
        let name = (executable as NSString).lastPathComponent + "-\(UUID().uuidString.prefix(8))"
        stdoutPath = logDirectory + "/\(name).out"
        stderrPath = logDirectory + "/\(name).err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let executableURL = URL(fileURLWithPath: try Self.locate(executable))
        let (stdoutPath, stderrPath) = (stdoutPath, stderrPath)
        process = try Self.launch {
            let process = Process()
            process.executableURL = executableURL
            process.arguments = arguments
            if let environment { process.environment = environment }
            if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            return process
        }
    }

    /// The process `make` configures, started. A start that fails with EBADF is tried again with
    /// a new process, up to five times: Foundation's `Process.run()` fails that way when another
    /// thread closes a descriptor while the child is spawned (seen once in CI: a test's `curl`
    /// while parallel tests closed their sockets).
    public static func launch(_ make: () throws -> Process) throws -> Process {
        var attempt = 1
        while true {
            let process = try make()
            do {
                try process.run()
                return process
            } catch let error as NSError where attempt < 5 && isDescriptorRace(error) {
                attempt += 1
            }
        }
    }

    /// True for a failed start whose cause is EBADF.
    static func isDescriptorRace(_ error: NSError) -> Bool {
        let cause = error.userInfo[NSUnderlyingErrorKey] as? NSError ?? error
        return cause.domain == NSPOSIXErrorDomain && cause.code == Int(EBADF)
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }
    /// True until the process exits.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (default SIGTERM).
    public func signal(_ signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit, up to `timeout`; returns its exit status or throws.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                throw ChildProcessError(
                    "\(process.executableURL?.lastPathComponent ?? "process") still running after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// What the process wrote to stdout so far.
    public func standardOutput() -> String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What the process wrote to stderr so far.
    public func standardError() -> String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// An absolute path as is, otherwise the first match on PATH, /usr/sbin and /usr/bin.
    public static func locate(_ executable: String) throws -> String {
        if executable.hasPrefix("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"] {
            let candidate = directory + "/" + executable
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ChildProcessError("\(executable) not found on PATH (scripts/install-deps.sh test installs it)")
    }
}

/// A child process that could not be found, started or awaited.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
