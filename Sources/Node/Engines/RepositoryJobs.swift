public import Common
import Foundation
public import ISOCatalog
import Synchronization
public import WireTypes

/// Scans and imports the daemon runs for the page and the API, one at a time, in the background:
/// hashing a new multi-gigabyte file takes longer than a request may. ``status()`` shows the
/// running job with its progress, and the last one that ended with its report.
public actor RepositoryJobs {
    private var running: RepositoryJobStatus?
    private var last: RepositoryJobStatus?
    private var nextID = 1
    /// The running job's progress line, written from its thread.
    private let progress = ProgressCell()

    public init() {}

    /// The running job and the last one that ended.
    public func status() -> RepositoryJobsJSON {
        var current = running
        current?.progress = progress.text.withLock { $0 }
        return RepositoryJobsJSON(running: current, last: last)
    }

    /// Starts scanning `environment`'s repository (the CLI's `scan`).
    /// - Throws: `conflict` while another job runs.
    public func startScan(_ environment: NodeEnvironment) throws(RequestError) -> RepositoryJobStatus {
        let progress = progress
        return try start(kind: "scan", folder: nil) { () throws(RequestError) in
            let report = try environment.scan { status in
                progress.set(
                    "hashing \(status.filesDone + 1)/\(status.filesTotal) files, "
                        + "\(ByteCount.size(status.bytesHashed)) of \(ByteCount.size(status.bytesToHash))"
                        + (status.currentPath.map { ": \($0)" } ?? ""))
            }
            var done = RepositoryJobStatus.Outcome(summary: report.summaryLine)
            done.scan = report
            return done
        }
    }

    /// Starts importing `folder` (the CLI's `import`): it must lie inside `import.roots`
    /// (``ImportRoots``), checked before the job starts. A file in it with more than one hard
    /// link is skipped (listed with its reason) unless the repository already holds it as it is.
    /// - Throws: `invalidInput` naming the folder and the rule; `conflict` while another job runs.
    public func startImport(
        _ environment: NodeEnvironment, folder: String, mode: ImportMode
    ) throws(RequestError) -> RepositoryJobStatus {
        let trimmed = folder.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw RequestError(.invalidInput, "folder: give the absolute path of a folder on the node")
        }
        if NodeEnvironment.isRemoteURL(trimmed) {
            // The node's credentials (instance role, smb.password_file) must not be pointed at
            // whatever bucket or host an API caller names.
            throw RequestError(
                .invalidInput,
                "\(trimmed): the daemon imports only local folders inside import.roots; import a remote folder with 'isofleet import URL' on the node"
            )
        }
        let real = try environment.importRoots.check(trimmed)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RequestError(.invalidInput, "\(trimmed): not a folder (looked at \(real))")
        }
        let progress = progress
        return try start(kind: "import", folder: trimmed) { () throws(RequestError) in
            // A hard link inside the roots may be a file from anywhere: skipped, as scan does.
            let report = try environment.importFolder(real, mode: mode, refusingHardLinks: true) { file, bytes in
                progress.set("\(mode.rawValue) \(file): \(ByteCount.size(bytes))")
            }
            var done = RepositoryJobStatus.Outcome(
                summary:
                    "\(report.imported.count) imported, \(report.skipped.count) skipped, \(report.failed.count) failed")
            done.importReport = report
            return done
        }
    }

    private func start(
        kind: String, folder: String?, work: @escaping @Sendable () throws(RequestError) -> RepositoryJobStatus.Outcome
    ) throws(RequestError) -> RepositoryJobStatus {
        if let running {
            throw RequestError(
                .conflict,
                "a \(running.kind) is already running (started \(RFC3339.string(from: running.started))); try again when it has finished"
            )
        }
        let job = RepositoryJobStatus(id: nextID, kind: kind, folder: folder, started: Date())
        nextID += 1
        running = job
        progress.set(nil)
        Task {
            let outcome = await OffPool.run("isofleet-\(kind)") {
                () -> Result<RepositoryJobStatus.Outcome, RequestError> in
                do throws(RequestError) { return .success(try work()) } catch { return .failure(error) }
            }
            self.end(job, outcome)
        }
        return job
    }

    private func end(_ job: RepositoryJobStatus, _ outcome: Result<RepositoryJobStatus.Outcome, RequestError>) {
        var ended = job
        ended.running = false
        ended.finished = Date()
        switch outcome {
        case .success(let done):
            ended.summary = done.summary
            ended.scan = done.scan
            ended.importReport = done.importReport
        case .failure(let error):
            ended.error = error.message
        }
        running = nil
        last = ended
    }
}

extension RepositoryJobStatus {
    /// What a job's work returns.
    struct Outcome: Sendable {
        var summary: String
        var scan: ScanReportJSON?
        var importReport: ImportReportJSON?
    }
}

/// The running job's progress line, set from the job's thread and read by ``RepositoryJobs/status()``.
private final class ProgressCell: Sendable {
    let text = Mutex<String?>(nil)

    func set(_ line: String?) { text.withLock { $0 = line } }
}

extension ScanReportJSON {
    /// `3 added, 0 updated, 1 missing, 2 unparseable, 5 unchanged`.
    public var summaryLine: String {
        "\(added.count) added, \(updated.count) updated, \(missing.count) missing, "
            + "\(unparseable.count) unparseable, \(unchanged) unchanged"
    }
}
