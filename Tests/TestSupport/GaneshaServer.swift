import Foundation
import Synchronization

/// A private NFS-Ganesha (`ganesha.nfsd`, FSAL VFS, so the tests run as root) on free loopback
/// ports, exporting ``exportPath`` as `/export` over NFSv3 and NFSv4. Everything it keeps
/// (config, log, recovery state, the export) lives in its own ``TemporaryDirectory``. Stopped on
/// deinit (SIGTERM, then a wait of up to 10 s).
///
/// NFSv3 needs rpcbind on port 111 while ganesha starts (storage notes): the fixture starts
/// `rpcbind -f` when nothing listens there and stops it when the last fixture of the test process
/// stops. Starts within the process take turns, since ganesha's v3 registration with rpcbind fails
/// when two register at once. Clients pass explicit ports (``url(_:version:)``), so they never
/// ask rpcbind.
public final class GaneshaServer: Sendable {
    /// Where the server keeps everything.
    public let directory: TemporaryDirectory
    /// The NFS port (v3 and v4).
    public let nfsPort: UInt16
    /// The v3 MOUNT protocol's port.
    public let mountPort: UInt16
    private let process: ChildProcess

    /// The exported folder on the local disk; files written here are seen by clients at once
    /// (`Attr_Expiration_Time = 0`).
    public var exportPath: String { directory.appending("export") }

    private init(directory: TemporaryDirectory, nfsPort: UInt16, mountPort: UInt16, process: ChildProcess) {
        self.directory = directory
        self.nfsPort = nfsPort
        self.mountPort = mountPort
        self.process = process
    }

    /// `nfs://127.0.0.1/export/PATH` with the ports as URL arguments: v3 (`nfsport`, `mountport`)
    /// or v4 (`version=4&nfsport`).
    public func url(_ path: String = "", version: Int = 3) -> String {
        let arguments = version == 4 ? "version=4&nfsport=\(nfsPort)" : "nfsport=\(nfsPort)&mountport=\(mountPort)"
        return "nfs://127.0.0.1/export/\(path)?\(arguments)"
    }

    /// The file `relative` in the export on the local disk.
    public func localPath(_ relative: String) -> String { exportPath + "/" + relative }

    /// Starts ganesha and returns once its log says "NFS SERVER INITIALIZED".
    public static func start() async throws -> GaneshaServer {
        let directory = try TemporaryDirectory(prefix: "ganesha")
        for folder in ["export", "recov", "run"] {
            try FileManager.default.createDirectory(
                atPath: directory.appending(folder), withIntermediateDirectories: true)
        }
        SharedRPCBind.acquire()
        var lastError: (any Error)?
        for _ in 0..<3 {
            let nfsPort = try FreePort.next()
            let mountPort = try FreePort.next()
            do {
                // One start at a time: ganesha unregisters then registers NFS v3 with rpcbind,
                // and of two doing that at once one fails ("Cannot register NFS V3 on TCP").
                let process = try await SharedRPCBind.startGate.serialised {
                    // Again before each attempt: another test process may have stopped the
                    // rpcbind it had started.
                    try SharedRPCBind.ensureRunning()
                    return try await launch(in: directory, nfsPort: nfsPort, mountPort: mountPort)
                }
                return GaneshaServer(directory: directory, nfsPort: nfsPort, mountPort: mountPort, process: process)
            } catch {
                lastError = error
            }
        }
        SharedRPCBind.release()
        throw lastError ?? ChildProcessError("ganesha.nfsd did not start")
    }

    private static func launch(
        in directory: TemporaryDirectory, nfsPort: UInt16, mountPort: UInt16
    ) async throws
        -> ChildProcess
    {
        let configPath = directory.appending("ganesha.conf")
        let logPath = directory.appending("ganesha.log")
        try config(directory: directory.path, nfsPort: nfsPort, mountPort: mountPort)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        try Data().write(to: URL(fileURLWithPath: logPath))
        let process = try ChildProcess(
            "ganesha.nfsd", ["-F", "-f", configPath, "-L", logPath, "-p", directory.appending("run/ganesha.pid")],
            logDirectory: directory.path)
        let started = try await Poll.until(timeout: .seconds(20), "ganesha.nfsd to initialise") { () -> Bool? in
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if log.contains("NFS SERVER INITIALIZED") { return true }
            return process.isRunning ? nil : false
        }
        guard started else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            let problems = log.split(separator: "\n").filter {
                ($0.contains("MAJ") || $0.contains("CRIT") || $0.contains("FATAL")) && !$0.contains("DBUS")
            }
            throw ChildProcessError(
                "ganesha.nfsd (ports \(nfsPort)/\(mountPort)) exited: \(problems.suffix(3).joined(separator: " | "))")
        }
        return process
    }

    deinit {
        process.signal(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        SharedRPCBind.release()
    }

    /// The server's configuration (storage notes): loopback only, no NLM/RQUOTA/UDP, v3 and v4,
    /// no grace period, numeric owners, attributes never cached.
    static func config(directory: String, nfsPort: UInt16, mountPort: UInt16) -> String {
        """
        NFS_CORE_PARAM {
            Bind_addr = 127.0.0.1;
            NFS_Port = \(nfsPort);
            MNT_Port = \(mountPort);
            Enable_NLM = false;
            Enable_RQUOTA = false;
            Enable_UDP = false;
            Protocols = 3, 4;
            Plugins_Dir = "/usr/lib/x86_64-linux-gnu/ganesha";
            mount_path_pseudo = true;
        }
        NFSv4 {
            Graceless = true;
            RecoveryBackend = fs;
            RecoveryRoot = "\(directory)/recov";
            Only_Numeric_Owners = true;
        }
        NFS_KRB5 { Active_krb5 = false; CCacheDir = "\(directory)/run"; }
        EXPORT {
            Export_Id = 1;
            Path = "\(directory)/export";
            Pseudo = "/export";
            Access_Type = RW;
            Squash = None;
            Protocols = 3, 4;
            Transports = TCP;
            SecType = sys;
            Attr_Expiration_Time = 0;
            FSAL { Name = VFS; }
        }
        LOG { Default_Log_Level = EVENT; }

        """
    }
}

/// The rpcbind the NFSv3 fixtures of this test process share: started by the first fixture when
/// nothing listens on port 111, stopped when the last one stops. A process-wide lock serialises
/// it, since suites start servers in parallel.
enum SharedRPCBind {
    private struct State: ~Copyable {
        var users = 0
        var process: ChildProcess?
        /// rpcbind's log folder (kept until it stops).
        var logDirectory: TemporaryDirectory?
    }

    private static let state = Mutex(State())
    /// Ganesha starts in this process, one at a time.
    static let startGate = StartGate()

    /// Runs one async operation at a time, the others waiting their turn in order.
    actor StartGate {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func serialised<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
            if busy {
                await withCheckedContinuation { waiting.append($0) }
            } else {
                busy = true
            }
            defer {
                if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
            }
            return try await body()
        }
    }

    /// Counts one more user: rpcbind started by this process stays up until ``release()`` has
    /// been called as often.
    static func acquire() { state.withLock { $0.users += 1 } }

    /// Starts rpcbind when nothing listens on port 111, and waits until it does.
    static func ensureRunning() throws {
        try state.withLock { state in
            guard !isListening() else { return }
            let logs = try TemporaryDirectory(prefix: "rpcbind")
            let process = try ChildProcess("rpcbind", ["-f"], logDirectory: logs.path)
            let deadline = ContinuousClock.now + .seconds(10)
            while !isListening() {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    throw ChildProcessError("rpcbind -f did not listen on port 111: \(process.standardError())")
                }
                usleep(20_000)
            }
            state.process = process
            state.logDirectory = logs
        }
    }

    /// Counts one user less; the last one stops the rpcbind this process started.
    static func release() {
        state.withLock { state in
            state.users -= 1
            guard state.users == 0, let process = state.process else { return }
            // SIGKILL: the test runner's threads block SIGTERM and Foundation's Process passes
            // that mask on, so rpcbind (which stops from a signal handler) never sees it.
            process.signal(SIGKILL)
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
            state.process = nil
            state.logDirectory = nil
        }
    }

    /// True when something accepts TCP connections on 127.0.0.1:111.
    private static func isListening() -> Bool { FreePort.canConnect(host: "127.0.0.1", port: 111) }
}
