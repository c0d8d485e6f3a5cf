public import Foundation
public import WireTypes

/// A scan or an import the daemon runs for the page or the API (`GET /api/v1/jobs`):
/// `{"id", "kind": "scan"|"import", "folder", "running", "started", "finished", "progress",
/// "summary", "error", "scan": {scan --json}, "import": {import --json}}`.
public struct RepositoryJobStatus: Codable, Sendable, Equatable {
    /// Counts from 1 in each daemon's life.
    public var id: Int
    /// `scan` or `import`.
    public var kind: String
    /// The folder imported from (as asked); nil for a scan.
    public var folder: String?
    public var running: Bool
    public var started: Date
    public var finished: Date?
    /// What it is doing now (the file being hashed or copied), while it runs.
    public var progress: String?
    /// One line of counts once it ended.
    public var summary: String?
    /// Why it could not run; nil when it ran (files it passed over are in its report).
    public var error: String?
    public var scan: ScanReportJSON?
    public var importReport: ImportReportJSON?

    enum CodingKeys: String, CodingKey {
        case id, kind, folder, running, started, finished, progress, summary, error, scan
        case importReport = "import"
    }

    public init(id: Int, kind: String, folder: String?, started: Date) {
        self.id = id
        self.kind = kind
        self.folder = folder
        self.running = true
        self.started = started
    }
}

/// `GET /api/v1/jobs`: the job running now, and the last one that ended.
public struct RepositoryJobsJSON: Codable, Sendable, Equatable {
    public var running: RepositoryJobStatus?
    public var last: RepositoryJobStatus?

    public init(running: RepositoryJobStatus?, last: RepositoryJobStatus?) {
        self.running = running
        self.last = last
    }
}
