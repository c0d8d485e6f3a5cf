public import Foundation
import Synchronization

/// A private Samba `smbd` on a free loopback port, every file of it in one folder: the share
/// `share` (``shareFolder``), its config, password database, state and logs. SMB3 only
/// (`server min protocol = SMB3`). The SMB user ``user`` (`tester`) is mapped to the Unix user
/// running the tests (`username map`), whose Samba password is set with `pdbedit -t`. The same
/// folder is also the read-only guest share `public` (``guestURL(_:)``); a wrong password for a
/// known user still fails (`map to guest = bad user` only maps unknown names).
///
/// smbd runs with `--foreground --no-process-group`: Foundation.Process puts it in a process
/// group of its own, where a plain `--foreground` smbd fails to start, and on SIGTERM it stops
/// that group (its connection children) only. Stopped on deinit (SIGTERM, then waits), with any
/// `samba-dcerpcd` it spawned (only a share listing spawns one).
public final class SambaServer: Sendable {
    /// The SMB user name the tests log in with.
    public let user = "tester"
    public let password: String
    public let port: UInt16
    /// The folder that holds everything.
    public let directory: String
    private let process: Mutex<ChildProcess?>

    /// The share's folder on disk: files put here are served as `smb://…/share/NAME`.
    public var shareFolder: String { directory + "/share" }

    /// `smb://tester@127.0.0.1:PORT/share/` + `path`.
    public func url(_ path: String = "") -> URL {
        URL(string: "smb://\(user)@127.0.0.1:\(port)/share/" + path)!
    }

    /// `smb://127.0.0.1:PORT/public/` + `path`: the share folder, read-only, for guests.
    public func guestURL(_ path: String = "") -> URL {
        URL(string: "smb://127.0.0.1:\(port)/public/" + path)!
    }

    private init(directory: String, port: UInt16, password: String, process: ChildProcess) {
        self.directory = directory
        self.port = port
        self.password = password
        self.process = Mutex(process)
    }

    /// Writes the config under `directory` (created), sets the password and starts smbd on a
    /// free port; returns once the port accepts connections.
    public static func start(in directory: String, password: String = "smb-secret") async throws -> SambaServer {
        for folder in ["share", "private", "lock", "state", "cache", "pid", "log", "ncalrpc"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        let unixUser = try CommandResult.run("id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try "\(unixUser) = tester\n".write(toFile: directory + "/users.map", atomically: true, encoding: .utf8)
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try FreePort.next()
            try config(directory: directory, port: port).write(
                toFile: directory + "/smb.conf", atomically: true, encoding: .utf8)
            try setPassword(password, for: unixUser, directory: directory)
            do {
                let process = try await launch(directory: directory, port: port)
                return SambaServer(directory: directory, port: port, password: password, process: process)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ChildProcessError("smbd did not start")
    }

    /// Starts smbd again on the same port and folder after ``stop()``.
    public func restart() async throws {
        let process = try await Self.launch(directory: directory, port: port)
        self.process.withLock { $0 = process }
    }

    /// Stops smbd (SIGTERM; it stops its connection processes too) and waits until it is gone.
    public func stop() async throws {
        guard
            let process = self.process.withLock({ current in
                defer { current = nil }
                return current
            })
        else { return }
        process.signal(SIGTERM)
        try await process.waitForExit(timeout: .seconds(10))
        stopDCERPC()
    }

    deinit {
        if let process = process.withLock({ $0 }), process.isRunning {
            process.signal(SIGTERM)
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        }
        stopDCERPC()
    }

    /// samba-dcerpcd detaches from smbd and outlives it: SIGTERM it by its pid file.
    private func stopDCERPC() {
        guard let text = try? String(contentsOfFile: directory + "/pid/samba-dcerpcd.pid", encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        else { return }
        kill(pid, SIGTERM)
    }

    private static func launch(directory: String, port: UInt16) async throws -> ChildProcess {
        let process = try ChildProcess(
            "smbd", ["--foreground", "--no-process-group", "--debug-stdout", "-s", directory + "/smb.conf"],
            logDirectory: directory + "/log")
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ChildProcessError("smbd exited: \(process.standardOutput()) \(process.standardError())")
            }
            if (try? await FreePort.waitUntilListening(port: port, timeout: .milliseconds(100))) != nil {
                return process
            }
        }
        throw ChildProcessError("smbd did not listen on \(port): \(process.standardOutput())")
    }

    /// `pdbedit -t` reads the password twice from stdin; unlike `smbpasswd -a` it works as any user.
    private static func setPassword(_ password: String, for unixUser: String, directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ChildProcess.locate("pdbedit"))
        process.arguments = ["-s", directory + "/smb.conf", "-t", "-a", "-u", unixUser]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("\(password)\n\(password)\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildProcessError("pdbedit could not add \(unixUser) to \(directory)/private/passdb.tdb")
        }
    }

    private static func config(directory: String, port: UInt16) -> String {
        """
        [global]
           server role = standalone server
           workgroup = WORKGROUP
           smb ports = \(port)
           interfaces = 127.0.0.1
           bind interfaces only = yes
           disable netbios = yes
           server min protocol = SMB3
           private dir = \(directory)/private
           lock directory = \(directory)/lock
           state directory = \(directory)/state
           cache directory = \(directory)/cache
           pid directory = \(directory)/pid
           ncalrpc dir = \(directory)/ncalrpc
           log file = \(directory)/log/log.%m
           log level = 1
           passdb backend = tdbsam:\(directory)/private/passdb.tdb
           username map = \(directory)/users.map
           usershare path =
           load printers = no
           printing = bsd
           printcap name = /dev/null
           disable spoolss = yes
           map to guest = bad user
        [share]
           path = \(directory)/share
           read only = no
        [public]
           path = \(directory)/share
           guest ok = yes
           read only = yes

        """
    }
}
